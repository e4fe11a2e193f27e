namespace LearnHub.Web.Features.Admin;

/// <summary>One page of a list; pages are 1-based and 50 rows long.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int Total)
{
    public int Pages => Math.Max(1, (Total + Paging.Size - 1) / Paging.Size);
}

internal static class Paging
{
    public const int Size = 50;

    public static int Clamp(int? page) => Math.Max(1, page ?? 1);
}

internal static class AdminInput
{
    public static string? Search(string? q) => q?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, 100)] : null;

    /// <summary>A form's errors as one line, for a page that redirects and shows them above itself.</summary>
    public static string Errors(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state) =>
        string.Join(" ", state.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));

    public static T? Defined<T>(T? value)
        where T : struct, Enum => value is { } v && Enum.IsDefined(v) ? v : null;
}

/// <summary>What the organization search box shows: the field name, and the current choice if any.</summary>
public sealed record OrganizationPickerModel(string Name, int? SelectedId, string? SelectedLabel, string LabelClass = "");

/// <summary>One match of the organization search box.</summary>
public sealed record OrganizationMatch(int Id, string Label);
