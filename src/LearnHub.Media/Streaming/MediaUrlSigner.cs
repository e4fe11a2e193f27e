using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearnHub.DataAccess;

namespace LearnHub.Media.Streaming;

/// <summary>
/// Short-lived signed media URLs: /media/{id}/s/{expires}-{signature}/master.m3u8, or for one playback
/// of validated watching /media/{id}/s/{expires}.{playback}-{signature}/master.m3u8, so the server can
/// tell which playback fetched each segment (evidence of watching). The signature sits
/// in the path, not the query, so the relative variant and segment URIs inside the static playlists
/// inherit it and every request of a playback carries it — hls.js, native HLS, ffprobe and bearer
/// clients need no cookie. Expiry is rounded up to the hour so a lesson's URLs stay the same for an
/// hour and the browser can reuse cached segments.
/// </summary>
internal sealed class MediaUrlSigner(byte[] key, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(4);

    /// <summary>
    /// The furthest expiry a URL LearnHub issued can carry: the lifetime, the rounding up to the hour and
    /// a little clock skew between nodes. A later expiry was not issued here (a forged long-lived URL made
    /// with a stolen key), so it is refused.
    /// </summary>
    public static readonly TimeSpan MaxLifetime = Lifetime + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(5);

    /// <summary>The signing key from Media:UrlSigningKey (base64, shared by all nodes) or a key file in the data folder.</summary>
    public static byte[] LoadKey(string? configured, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Convert.FromBase64String(configured);
        }

        if (File.Exists(keyFile))
        {
            PrivateFiles.Restrict(keyFile);
            return File.ReadAllBytes(keyFile);
        }

        // Only the service account may read the key: anyone who reads it can sign URLs.
        PrivateFiles.CreateFolder(Path.GetDirectoryName(keyFile)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var file = new FileStream(keyFile, PrivateFiles.CreateNew());
            file.Write(key);
            return key;
        }
        catch (IOException)
        {
            // Another process created it first: use theirs, so URLs agree.
            return File.ReadAllBytes(keyFile);
        }
    }

    /// <summary>
    /// The signed base path of an asset, ending in '/': append "master.m3u8" or "poster.jpg". With a
    /// playback, every request through it is told to <see cref="IMediaDeliveries"/>.
    /// </summary>
    public string SignedBase(Guid assetId, Guid? playbackId = null)
    {
        var now = time.GetUtcNow();
        var expires = now.Add(Lifetime).ToUnixTimeSeconds();
        expires += 3600 - (expires % 3600);
        var stamp = expires.ToString(CultureInfo.InvariantCulture) + (playbackId is { } p ? "." + p.ToString("N") : "");
        return $"/media/{assetId:N}/s/{stamp}-{Signature(assetId, stamp)}/";
    }

    /// <summary>Whether the token was issued for the asset and has not expired; <paramref name="playbackId"/> is the playback it names, if any.</summary>
    public bool IsValid(Guid assetId, string token, out Guid? playbackId)
    {
        playbackId = null;
        var dash = token.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0)
        {
            return false;
        }

        var stamp = token[..dash];
        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        var now = time.GetUtcNow();
        if (!long.TryParse(dot < 0 ? stamp : stamp[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires < now.ToUnixTimeSeconds()
            || expires > now.Add(MaxLifetime).ToUnixTimeSeconds()
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(assetId, stamp)), Encoding.ASCII.GetBytes(token[(dash + 1)..])))
        {
            return false;
        }

        if (dot >= 0)
        {
            if (!Guid.TryParseExact(stamp[(dot + 1)..], "N", out var playback))
            {
                return false;
            }

            playbackId = playback;
        }

        return true;
    }

    private string Signature(Guid assetId, string stamp)
    {
        var mac = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{assetId:N}:{stamp}"));
        // 128 bits are plenty for a URL that lives hours; base64url keeps it path-safe.
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
