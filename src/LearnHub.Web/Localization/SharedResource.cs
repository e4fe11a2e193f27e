using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Localization;

/// <summary>
/// Marker for the one resource file of UI text (Resources/SharedResource.resx is Chinese, the
/// default; SharedResource.en.resx is English).
/// </summary>
public sealed class SharedResource;

/// <summary>Names of enum values and other composite labels, looked up in the shared resources.</summary>
public static class LabelExtensions
{
    /// <summary>"Tier.Leaders" style keys; flags enums are joined with the list separator of the language.</summary>
    public static string Label<T>(this IStringLocalizer localizer, T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var type = typeof(T);
        if (type.IsDefined(typeof(FlagsAttribute), false))
        {
            var parts = Enum.GetValues<T>()
                .Where(flag => Convert.ToInt64(flag, CultureInfo.InvariantCulture) != 0 && value.HasFlag(flag))
                .Select(flag => localizer[$"{type.Name}.{flag}"].Value)
                .ToList();
            return parts.Count == 0 ? localizer[$"{type.Name}.None"] : string.Join(localizer["ListSeparator"].Value, parts);
        }

        return localizer[$"{type.Name}.{value}"];
    }
}
