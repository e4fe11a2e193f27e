using System.Text;
using System.Text.RegularExpressions;

namespace LearnHub.Courses.Registry.People;

/// <summary>
/// Mainland mobile numbers (手机号): the one normalisation and check used wherever a number is typed, imported or
/// compared, so a number written "138-0013-8000", "+86 138 0013 8000" or in full-width digits finds the same person.
/// </summary>
public static partial class MobileNumber
{
    /// <summary>
    /// The number as stored: full-width characters folded (NFKC), spaces and dashes removed, a leading +86 or 0086
    /// dropped. The result is not checked; see <see cref="IsValid"/>.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            // Separators people type inside a number: spaces of any kind and the dash family (-, ‐, –, —).
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.DashPunctuation)
            {
                continue;
            }

            builder.Append(c);
        }

        var mobile = builder.ToString();
        if (mobile.StartsWith("+86", StringComparison.Ordinal))
        {
            return mobile[3..];
        }

        return mobile.StartsWith("0086", StringComparison.Ordinal) ? mobile[4..] : mobile;
    }

    /// <summary>Whether a normalised number is an 11-digit mainland mobile number.</summary>
    public static bool IsValid(string? mobile) => mobile is not null && Pattern().IsMatch(mobile);

    /// <summary>Normalises <paramref name="text"/> and says whether the result is a valid mobile number.</summary>
    public static bool TryNormalize(string? text, out string mobile)
    {
        mobile = Normalize(text);
        return IsValid(mobile);
    }

    /// <summary>
    /// The number as shown to someone who does not need all of it (138****0001): the carrier prefix tells the person
    /// apart from a namesake and the last four let them recognise their own, while the middle four, which with the rest
    /// would reach the person, stay hidden. Anything that is not a mobile number keeps only its first and last two.
    /// </summary>
    public static string Mask(string? mobile)
    {
        var number = Normalize(mobile);
        if (IsValid(number))
        {
            return string.Concat(number.AsSpan(0, 3), "****", number.AsSpan(7));
        }

        return number.Length <= 4 ? new string('*', number.Length) : string.Concat(number.AsSpan(0, 2), new string('*', number.Length - 4), number.AsSpan(number.Length - 2));
    }

    [GeneratedRegex(@"^1[3-9][0-9]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
