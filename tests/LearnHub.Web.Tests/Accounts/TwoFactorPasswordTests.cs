using System.Net;
using System.Security.Cryptography;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>A signed-in browser alone (left open, or its cookie copied) cannot turn two-factor on or off.</summary>
public sealed class TwoFactorPasswordTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Email = "supervisor@learnhub.example";

    [Fact]
    public async Task Turning_two_factor_on_or_off_takes_the_current_password()
    {
        var browser = await factory.SignInAsync(Email);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/security")).StatusCode);
        var key = await WithUsersAsync(async users => (await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(Email))!))!);

        foreach (var password in new[] { "", "not-the-password-1" })
        {
            var refused = await PostAsync(browser, "/account/security/enable", new() { ["code"] = Totp(key), ["currentPassword"] = password });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("当前密码不正确", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(await TwoFactorAsync());
        }

        var on = await PostAsync(browser, "/account/security/enable", new() { ["code"] = Totp(key), ["currentPassword"] = LearnHubFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.True(await TwoFactorAsync());

        foreach (var password in new[] { "", "not-the-password-1" })
        {
            var refused = await PostAsync(browser, "/account/security/disable", new() { ["currentPassword"] = password });
            Assert.Contains("当前密码不正确", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(await TwoFactorAsync());
        }

        var off = await PostAsync(browser, "/account/security/disable", new() { ["currentPassword"] = LearnHubFactory.Password });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(await TwoFactorAsync());
    }

    private Task<bool> TwoFactorAsync() => WithUsersAsync(async users => await users.GetTwoFactorEnabledAsync((await users.FindByEmailAsync(Email))!));

    private async Task<T> WithUsersAsync<T>(Func<UserManager<AppUser>, Task<T>> read)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string path, Dictionary<string, string> fields) =>
        await browser.PostAsync(path, await LearnHubFactory.FormWithTokenAsync(browser, "/account/security", fields));

    /// <summary>The six digits an authenticator app shows now for the base32 key (RFC 6238, SHA-1, 30 s).</summary>
    private static string Totp(string base32Key)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.ToUpperInvariant().Where(Alphabet.Contains).Select(c => Convert.ToString(Alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        var secret = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238 as authenticator apps compute it is HMAC-SHA1.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }
}
