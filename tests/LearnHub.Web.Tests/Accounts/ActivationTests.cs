using System.Net;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using static LearnHub.Web.Tests.Accounts.AccountTestSupport;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>
/// A person imported from a roster can sign in: their account exists at once without a password, the activation
/// code issued for them sets it, and from then on their mobile number — however written — signs them in.
/// </summary>
public sealed class ActivationTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task A_roster_person_activates_signs_in_by_mobile_and_changing_the_password_ends_other_sessions()
    {
        await ImportRosterAsync(factory, 501, ("林一", "13750100001"), ("林二", "13750100002"));
        foreach (var mobile in new[] { "13750100001", "13750100002" })
        {
            var account = await AccountAsync(factory, mobile);
            Assert.NotNull(account);
            Assert.NotNull(account.PersonId);
            Assert.Null(account.PasswordHash);
            Assert.Equal(AccountState.NotActivated, account.StateAt(factory.Clock.GetUtcNow()));
            Assert.Equal([Roles.Trainee], await RolesAsync(factory, account));
        }

        var code = await IssueActivationAsync(factory, "13750100001");
        var phone = factory.CreateBrowser();
        // Typed as people type: +86 and dashes, the code in lower case without its dash.
        var activated = await SetPasswordAsync(phone, "/account/activate", "+86 137-5010-0001", code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), NewPassword);
        Assert.True(IsRedirectTo(activated, "/my/learning"), $"{activated.StatusCode} {activated.Headers.Location}");
        var learning = await phone.GetAsync("/my/learning");
        Assert.Equal(HttpStatusCode.OK, learning.StatusCode);
        Assert.Contains("林一", await learning.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AccountState.Active, (await AccountAsync(factory, "13750100001"))!.StateAt(factory.Clock.GetUtcNow()));

        // The same code does not work twice.
        var again = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750100001", code, "Another-2027b");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("验证码已使用", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var laptop = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SignInAsync(laptop, "137 5010 0001", NewPassword), "/my/learning"));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/my/learning")).StatusCode);

        var profile = await phone.GetStringAsync("/account");
        Assert.Contains("13750100001", profile, StringComparison.Ordinal);
        var changed = await phone.PostAsync("/account/password", await LearnHubFactory.FormWithTokenAsync(phone, "/account", new Dictionary<string, string>
        {
            ["PasswordForm.CurrentPassword"] = NewPassword, ["PasswordForm.Password"] = "Changed-2027c", ["PasswordForm.ConfirmPassword"] = "Changed-2027c",
        }));
        Assert.True(IsRedirectTo(changed, "/account"), $"{changed.StatusCode} {changed.Headers.Location}");

        // The phone that changed it stays signed in; the laptop is signed out at once.
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(factory.CreateBrowser(), "13750100001", NewPassword)).StatusCode);
        Assert.True(IsRedirectTo(await SignInAsync(factory.CreateBrowser(), "13750100001", "Changed-2027c"), "/my/learning"));

        // The other person on the roster is still waiting for their code.
        Assert.Equal(AccountState.NotActivated, (await AccountAsync(factory, "13750100002"))!.StateAt(factory.Clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_code_works_for_its_own_account_only_and_unknown_numbers_are_answered_alike()
    {
        await ImportRosterAsync(factory, 502, ("宋一", "13750200001"), ("宋二", "13750200002"));
        var code = await IssueActivationAsync(factory, "13750200001");

        var wrongAccount = await (await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750200002", code, NewPassword)).Content.ReadAsStringAsync();
        var unknown = await (await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750299999", code, NewPassword)).Content.ReadAsStringAsync();
        Assert.Contains("手机号与验证码不匹配", wrongAccount, StringComparison.Ordinal);
        Assert.Contains("手机号与验证码不匹配", unknown, StringComparison.Ordinal);
        Assert.Null((await AccountAsync(factory, "13750200002"))!.PasswordHash);

        // One wrong try counted against 宋一's code; it still works after it.
        Assert.True(IsRedirectTo(await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750200001", code, NewPassword), "/my/learning"));
    }

    [Fact]
    public async Task Wrong_codes_end_the_code_and_a_refused_password_keeps_it()
    {
        await ImportRosterAsync(factory, 503, ("黄一", "13750300001"));
        var code = await IssueActivationAsync(factory, "13750300001");

        var mobileAsPassword = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750300001", code, "Aa13750300001");
        Assert.Contains("密码不能包含您的手机号", await mobileAsPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var demoPassword = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750300001", code, LearnHubFactory.Password);
        Assert.Contains("公开的演示密码", await demoPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tooShort = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750300001", code, "Ab1");
        Assert.Contains("至少需要 8 个字符", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 5; i++)
        {
            await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750300001", "AAAA-AAA" + i, NewPassword);
        }

        var afterGuesses = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750300001", code, NewPassword);
        Assert.Equal(HttpStatusCode.OK, afterGuesses.StatusCode);
        Assert.Contains("手机号与验证码不匹配", await afterGuesses.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A new code from the contact person works again.
        var fresh = await IssueActivationAsync(factory, "13750300001");
        Assert.True(IsRedirectTo(await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750300001", fresh, NewPassword), "/my/learning"));
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        await ImportRosterAsync(factory, 504, ("曾一", "13750400001"));
        var code = await IssueActivationAsync(factory, "13750400001");
        factory.Clock.Now += TimeSpan.FromDays(31);
        var response = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750400001", code, NewPassword);
        Assert.Contains("手机号与验证码不匹配", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_code_from_the_contact_person_resets_the_password_and_ends_sessions_and_refresh_tokens()
    {
        await ImportRosterAsync(factory, 505, ("钟一", "13750500001"));
        var browser = factory.CreateBrowser();
        Assert.True(IsRedirectTo(await SetPasswordAsync(browser, "/account/activate", "13750500001", await IssueActivationAsync(factory, "13750500001"), NewPassword), "/my/learning"));

        var redirectUri = OidcClient.LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (verifier, challenge) = OidcClient.NewPkce();
        var authorizationCode = await OidcClient.AuthorizeAsync(browser, redirectUri, "openid api offline_access", challenge);
        var (status, tokens) = await OidcClient.RedeemAsync(factory.CreateClient(), authorizationCode, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        var refresh = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["client_id"] = OidcClient.CliClientId, ["refresh_token"] = refreshToken };
        var (refreshed, refreshedTokens) = await OidcClient.TokenAsync(factory.CreateClient(), refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed);

        // Forgotten: the contact person issues a new code, and the person sets a new password with it.
        var reset = await SetPasswordAsync(factory.CreateBrowser(), "/account/activate", "13750500001", await IssueActivationAsync(factory, "13750500001"), "Renewed-2027d");
        Assert.True(IsRedirectTo(reset, "/my/learning"));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/my/learning")).StatusCode);
        refresh["refresh_token"] = refreshedTokens.GetProperty("refresh_token").GetString()!;
        var (afterReset, _) = await OidcClient.TokenAsync(factory.CreateClient(), refresh);
        Assert.Equal(HttpStatusCode.BadRequest, afterReset);
    }
}
