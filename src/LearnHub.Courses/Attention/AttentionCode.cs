using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LearnHub.Courses.Attention;

/// <summary>
/// The code an attention check (专注度确认) asks for, in watching and in the live room alike: four
/// digits from the system's cryptographic generator, typed on a phone's number pad. It reaches the
/// person only as a picture or speech, so a program that reads the page or the API cannot answer.
/// </summary>
public static class AttentionCode
{
    public const int Length = 4;

    /// <summary>Wrong answers that end a check as missed, unless a setting says otherwise.</summary>
    public const int DefaultMaxWrongAnswers = 3;

    public static string New() => RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>Whether what was typed is the code; anything but the digits (spaces, a dash) is ignored.</summary>
    public static bool Matches(string code, string? typed)
    {
        ArgumentNullException.ThrowIfNull(code);
        var digits = new string((typed ?? "").Where(char.IsAsciiDigit).ToArray());
        // A check put before codes existed has none: nothing matches it.
        return code.Length == Length && digits.Length == Length
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digits), Encoding.ASCII.GetBytes(code));
    }
}
