using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LearnHub.Media.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Media.Tests;

/// <summary>Signed media URLs: a stolen key must not buy a URL that outlives what LearnHub itself issues.</summary>
public class MediaUrlSignerTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly Guid Asset = Guid.Parse("3f2b8c1e9a4d4e0f8b7a6c5d4e3f2a1b");

    [Fact]
    public void An_issued_url_holds_until_it_expires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 10, 2, 10, 0, TimeSpan.Zero));
        var signer = new MediaUrlSigner(Key, clock);
        var token = Token(signer.SignedBase(Asset));

        Assert.True(signer.IsValid(Asset, token, out _));
        clock.Advance(MediaUrlSigner.Lifetime);
        Assert.True(signer.IsValid(Asset, token, out _));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.False(signer.IsValid(Asset, token, out _));
    }

    [Fact]
    public void A_forged_ten_year_url_is_refused_even_with_the_right_key()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 10, 2, 10, 0, TimeSpan.Zero));
        var signer = new MediaUrlSigner(Key, clock);
        var expires = clock.GetUtcNow().AddYears(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        Assert.False(signer.IsValid(Asset, $"{expires}-{Forge(expires)}", out _));

        // The same forgery within an issued lifetime passes, so it is the lifetime that refused it.
        var near = clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.True(signer.IsValid(Asset, $"{near}-{Forge(near)}", out _));
    }

    [Fact]
    public void A_new_key_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Path.Combine(Path.GetTempPath(), "learnhub-key-" + Guid.NewGuid().ToString("N"));
        try
        {
            var file = Path.Combine(folder, "keys", "media-url.key");
            MediaUrlSigner.LoadKey(null, file);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Token(string signedBase) => signedBase.Split('/')[4];

    private static string Forge(string stamp)
    {
        var mac = HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes($"{Asset:N}:{stamp}"));
        return Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
