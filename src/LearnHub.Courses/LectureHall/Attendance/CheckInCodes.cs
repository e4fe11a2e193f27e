using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LearnHub.Courses.LectureHall.Attendance;

public enum CodeCheck
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>A session's check-in code for one time window: six digits to type, a longer token for the QR code.</summary>
public sealed record CheckInCode(string Digits, string Token, DateTimeOffset ValidUntil);

/// <summary>
/// Rotating check-in codes: HMAC of (session, 15-second window) under a server secret. Nothing is
/// stored; any node with the secret computes and checks the same codes. The previous window is
/// accepted too, for clocks and people a few seconds behind, and nothing older.
/// </summary>
public sealed class CheckInCodes(byte[] secret, TimeProvider clock)
{
    public const int WindowSeconds = 15;

    /// <summary>How far back a code is recognised as "expired" rather than "wrong" (a clearer answer to the user).</summary>
    private const int RecognisedWindows = 40;

    public static long Window(DateTimeOffset at) => at.ToUnixTimeSeconds() / WindowSeconds;

    public CheckInCode Current(int sessionId)
    {
        var window = Window(clock.GetUtcNow());
        return For(sessionId, window);
    }

    public CheckInCode For(int sessionId, long window)
    {
        var mac = Mac(sessionId, window);
        var number = (BinaryPrimitives.ReadUInt32BigEndian(mac) & 0x7fffffff) % 1_000_000;
        var token = Convert.ToBase64String(mac, 4, 12).Replace('+', '-').Replace('/', '_');
        return new(number.ToString("D6", CultureInfo.InvariantCulture), token,
            DateTimeOffset.FromUnixTimeSeconds((window + 1) * WindowSeconds));
    }

    /// <summary>Checks six digits or a QR token against a session.</summary>
    public CodeCheck Check(int sessionId, string? input)
    {
        var code = input?.Trim() ?? "";
        if (code.Length == 0)
        {
            return CodeCheck.Invalid;
        }

        var now = Window(clock.GetUtcNow());
        for (var back = 0; back <= RecognisedWindows; back++)
        {
            if (Matches(For(sessionId, now - back), code))
            {
                return back <= 1 ? CodeCheck.Valid : CodeCheck.Expired;
            }
        }

        return CodeCheck.Invalid;
    }

    private static bool Matches(CheckInCode expected, string code) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Digits), Encoding.ASCII.GetBytes(code))
        || CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Token), Encoding.ASCII.GetBytes(code));

    private byte[] Mac(int sessionId, long window) =>
        HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"checkin:{sessionId}:{window}")));
}
