using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LearnHub.Courses.LectureHall.Classes.Certificates;

/// <summary>Why a typed serial is not one LearnHub made.</summary>
public enum SerialCheck
{
    Genuine,

    /// <summary>Not the shape of a serial at all.</summary>
    Malformed,

    /// <summary>The shape is right but the signature does not match: mistyped, altered or made up.</summary>
    BadSignature,
}

/// <summary>
/// Certificate serials (证书编号) that cannot be guessed or forged, short enough to type from paper:
/// "LH-{year}-XXXX-XXXX-XXXX", twelve Crockford base-32 characters — six random (30 bits) and six of an HMAC-SHA256
/// over the year and the random part with the server's certificate key (30 bits). The signature is checked before
/// anything is looked up, so a made-up serial costs the database nothing, and finding a genuine serial by trying
/// means hitting one of the few issued random parts and its signature at once, through a rate-limited page.
/// Crockford's alphabet has no I, L, O or U; reading a typed serial takes them as 1, 1, 0 and refuses U.
/// </summary>
public sealed class CertificateSerials
{
    public const string Prefix = "LH";
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int RandomLength = 6;
    private const int SignatureLength = 6;

    private readonly byte[] _key;

    public CertificateSerials(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("The certificate key must be at least 16 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>A new serial for a certificate issued in <paramref name="year"/>.</summary>
    public string Next(int year)
    {
        var random = Encode(RandomNumberGenerator.GetBytes(4), RandomLength);
        var body = random + Sign(year, random);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{year:D4}-{body[..4]}-{body[4..8]}-{body[8..]}");
    }

    /// <summary>
    /// Reads a serial as a person typed it (any case, spaces or dashes anywhere, O for 0, I or L for 1) and checks
    /// its signature; <paramref name="serial"/> is the canonical form when the shape is right.
    /// </summary>
    public SerialCheck Check(string? typed, out string serial)
    {
        serial = "";
        var text = new StringBuilder();
        foreach (var c in typed ?? "")
        {
            if (c is '-' or ' ' or '\u2010' or '\u2013' or '\u2014' || char.IsWhiteSpace(c))
            {
                continue;
            }

            text.Append(char.ToUpperInvariant(c) switch { 'O' => '0', 'I' or 'L' => '1', var u => u });
        }

        // "LH" read with L taken for 1 above: put the prefix back before checking the shape.
        var compact = text.ToString();
        if (compact.StartsWith("1H", StringComparison.Ordinal))
        {
            compact = Prefix + compact[2..];
        }

        const int length = 2 + 4 + RandomLength + SignatureLength;
        if (compact.Length != length || !compact.StartsWith(Prefix, StringComparison.Ordinal)
            || !int.TryParse(compact.AsSpan(2, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || compact[6..].Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return SerialCheck.Malformed;
        }

        var body = compact[6..];
        serial = string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{year:D4}-{body[..4]}-{body[4..8]}-{body[8..]}");
        var expected = Encoding.ASCII.GetBytes(Sign(year, body[..RandomLength]));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(body[RandomLength..]))
            ? SerialCheck.Genuine
            : SerialCheck.BadSignature;
    }

    private string Sign(int year, string random)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"class-certificate\n{year:D4}\n{random}")));
        return Encode(mac, SignatureLength);
    }

    /// <summary>The first <paramref name="length"/> five-bit groups of <paramref name="bytes"/> in Crockford's alphabet.</summary>
    private static string Encode(byte[] bytes, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var bit = i * 5;
            var pair = (bytes[bit / 8] << 8) | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0);
            text.Append(Alphabet[(pair >> (11 - bit % 8)) & 31]);
        }

        return text.ToString();
    }
}
