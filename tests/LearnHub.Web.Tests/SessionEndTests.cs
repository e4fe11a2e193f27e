using System.Net;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

/// <summary>Signing out, locking and disabling end what they should at once: cookies (copies included) and apps' tokens.</summary>
public sealed class SessionEndTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task A_link_to_end_session_asks_first_and_only_the_confirmation_signs_out()
    {
        var browser = await factory.SignInAsync("supervisor@learnhub.example");
        var asked = await browser.GetAsync("/connect/endsession");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var page = await asked.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"end-session\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/notifications")).StatusCode);

        // Another site's page posting the form (the cookie rides along, the antiforgery token cannot) is only asked too.
        var forged = await browser.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "1" }));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/notifications")).StatusCode);

        var confirmed = await browser.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["confirm"] = "1", ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        AssertSentToSignIn(await browser.GetAsync("/notifications"));
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_its_browser_signs_out()
    {
        var cookies = new System.Net.CookieContainer();
        var browser = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        var signIn = await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = "trainee2@learnhub.example", ["Password"] = LearnHubFactory.Password }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var copy = cookies.GetCookieHeader(factory.Server.BaseAddress);

        var thief = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", copy);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/my/learning")).StatusCode);

        var signOut = await browser.PostAsync("/account/sign-out", await LearnHubFactory.FormWithTokenAsync(browser, "/my/learning", []));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        AssertSentToSignIn(await thief.GetAsync("/my/learning"));
    }

    [Fact]
    public async Task An_access_token_stops_when_its_account_is_locked()
    {
        const string Email = "trainee@learnhub.example";
        var token = await OidcClient.AccessTokenAsync(factory, Email);
        var api = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", token)).StatusCode);

        var guesser = factory.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            await guesser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(guesser, "/account/sign-in",
                new Dictionary<string, string> { ["Login"] = Email, ["Password"] = "not-the-password-1" }));
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<LearnHub.Web.Identity.AppUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(Email))!));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", token)).StatusCode);
    }

    [Fact]
    public async Task An_access_token_stops_when_an_administrator_disables_its_account()
    {
        var token = await OidcClient.AccessTokenAsync(factory, "lecturer2@learnhub.example");
        var api = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", token)).StatusCode);

        var id = (await AccountTestData.IdentityAsync(factory, db => Task.FromResult(db.Users.Single(u => u.Email == "lecturer2@learnhub.example")))).Id;
        var admin = await factory.SignInAsync("admin@learnhub.example");
        await AccountTestData.PostAsync(admin, $"/admin/accounts/{id}/disable", []);

        Assert.Equal(HttpStatusCode.Unauthorized, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", token)).StatusCode);
    }

    [Fact]
    public async Task An_access_token_stops_when_its_code_is_replayed()
    {
        var browser = await factory.SignInAsync("lecturer@learnhub.example");
        var redirectUri = OidcClient.LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (verifier, challenge) = OidcClient.NewPkce();
        var code = await OidcClient.AuthorizeAsync(browser, redirectUri, "openid api", challenge);
        var api = factory.CreateClient();
        var (status, tokens) = await OidcClient.RedeemAsync(api, code, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var token = tokens.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", token)).StatusCode);

        // Whoever intercepted the code redeems it again: the code is refused, and what it gave out is revoked.
        var (replayed, _) = await OidcClient.RedeemAsync(api, code, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.BadRequest, replayed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", token)).StatusCode);
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
