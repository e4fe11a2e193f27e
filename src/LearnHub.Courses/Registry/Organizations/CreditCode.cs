namespace LearnHub.Courses.Registry.Organizations;

/// <summary>
/// Validates the unified social credit code (统一社会信用代码) by GB 32100-2015: 18 characters from a
/// 31-character alphabet, a registering-authority digit, an institution-type character, a
/// 6-digit administrative division, the 9-character organization code and a check character.
/// </summary>
public static class CreditCode
{
    // I, O, S, V and Z are excluded from the alphabet so they cannot be confused with digits.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper-cases and trims a code as users type it; full-width characters are folded too.</summary>
    public static string Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "";
        }

        Span<char> buffer = stackalloc char[code.Length];
        var length = 0;
        foreach (var c in code.Trim())
        {
            // Full-width digits and letters (０-９, Ａ-Ｚ) arrive from Chinese input methods.
            var folded = c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            if (!char.IsWhiteSpace(folded))
            {
                buffer[length++] = char.ToUpperInvariant(folded);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>Returns null when the code is valid, else the reason.</summary>
    public static CreditCodeError? Validate(string? code)
    {
        var normalized = Normalize(code);
        if (normalized.Length == 0)
        {
            return CreditCodeError.Missing;
        }

        if (normalized.Length != 18)
        {
            return CreditCodeError.WrongLength;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(normalized[i], StringComparison.Ordinal);
            if (value < 0)
            {
                return CreditCodeError.InvalidCharacter;
            }

            sum += value * Weights[i];
        }

        if (Alphabet.IndexOf(normalized[17], StringComparison.Ordinal) < 0)
        {
            return CreditCodeError.InvalidCharacter;
        }

        // Administrative division code: six digits.
        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(normalized[i]))
            {
                return CreditCodeError.InvalidDivision;
            }
        }

        var check = Alphabet[(31 - (sum % 31)) % 31];
        return normalized[17] == check ? null : CreditCodeError.CheckCharacterMismatch;
    }

    /// <summary>Computes the check character for the first 17 characters (used by tests and tools).</summary>
    public static char CheckCharacter(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(char.ToUpperInvariant(first17[i]), StringComparison.Ordinal) * Weights[i];
        }

        return Alphabet[(31 - (sum % 31)) % 31];
    }
}

/// <summary>Why a credit code is rejected; the Web layer turns each into a localized message.</summary>
public enum CreditCodeError
{
    Missing,
    WrongLength,
    InvalidCharacter,
    InvalidDivision,
    CheckCharacterMismatch,
}
