namespace LearnHub.Web.Features;

/// <summary>
/// A file input with LearnHub's own button and chosen-file text (Shared/_FilePicker): the browser's own ("Choose File",
/// "No file chosen") speak the browser's language, not the page's. Button and Missing are resource keys.
/// </summary>
public sealed record FilePicker(string Id, string Name, string Accept, string Button)
{
    public string? TestId { get; init; }

    /// <summary>What the browser says when the form is sent without a file.</summary>
    public string Missing { get; init; } = "Admin.Import.NoFile";

    public bool Small { get; init; }

    /// <summary>False for an optional file (a reflection's attachment): the form may be sent without one.</summary>
    public bool Required { get; init; } = true;
}
