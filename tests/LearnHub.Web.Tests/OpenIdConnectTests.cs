using System.Net;
using System.Text.Json;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace LearnHub.Web.Tests;

public sealed class OpenIdConnectTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Trainee = "trainee@learnhub.example";
    private const string FullScope = "openid profile api offline_access";

    [Fact]
    public async Task Discovery_document_lists_the_endpoints_and_requires_S256()
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/.well-known/openid-configuration"));
        var root = document.RootElement;
        Assert.EndsWith("/connect/authorize", root.GetProperty("authorization_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/connect/token", root.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/connect/userinfo", root.GetProperty("userinfo_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/connect/endsession", root.GetProperty("end_session_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Contains("S256", Strings(root, "code_challenge_methods_supported"));
        Assert.DoesNotContain("plain", Strings(root, "code_challenge_methods_supported"));
        Assert.Contains("api", Strings(root, "scopes_supported"));
        Assert.Contains("client_credentials", Strings(root, "grant_types_supported"));
    }

    [Fact]
    public async Task Cli_signs_in_with_code_and_PKCE_on_any_loopback_port_calls_the_api_and_refreshes()
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (verifier, challenge) = OidcClient.NewPkce();
        var code = await OidcClient.AuthorizeAsync(browser, redirectUri, FullScope, challenge);

        var api = factory.CreateClient();
        var (status, tokens) = await OidcClient.RedeemAsync(api, code, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        Assert.True(tokens.TryGetProperty("id_token", out _));

        var courses = await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", accessToken);
        Assert.Equal(HttpStatusCode.OK, courses.StatusCode);
        using (var list = JsonDocument.Parse(await courses.Content.ReadAsStringAsync()))
        {
            Assert.NotEmpty(list.RootElement.EnumerateArray());
            // Enums travel as names, not numbers.
            Assert.Equal(JsonValueKind.String, list.RootElement[0].GetProperty("format").ValueKind);
        }

        using (var me = JsonDocument.Parse(await (await OidcClient.GetWithTokenAsync(api, "/api/v1/me", accessToken)).Content.ReadAsStringAsync()))
        {
            Assert.Contains("Trainee", me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.False(string.IsNullOrEmpty(me.RootElement.GetProperty("name").GetString()));
        }

        var (refreshStatus, refreshed) = await OidcClient.TokenAsync(api, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = OidcClient.CliClientId,
            ["refresh_token"] = refreshToken,
        });
        Assert.Equal(HttpStatusCode.OK, refreshStatus);
        var newAccessToken = refreshed.GetProperty("access_token").GetString()!;
        Assert.NotEqual(accessToken, newAccessToken);
        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(api, "/api/v1/courses", newAccessToken)).StatusCode);
    }

    [Fact]
    public async Task Code_redeemed_with_the_wrong_verifier_is_an_invalid_grant()
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (_, challenge) = OidcClient.NewPkce();
        var code = await OidcClient.AuthorizeAsync(browser, redirectUri, FullScope, challenge);

        var (status, body) = await OidcClient.RedeemAsync(factory.CreateClient(), code, redirectUri, OidcClient.NewPkce().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorization_request_without_PKCE_is_refused()
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(50123);
        var url = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = OidcClient.CliClientId, ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["scope"] = "openid api", ["state"] = "s",
        });
        var response = await browser.GetAsync(url);
        // OpenIddict answers with its own error page: no redirect, so no code can reach the callback.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("code_challenge", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_code_challenge_method_is_refused()
    {
        var browser = await factory.SignInAsync(Trainee);
        var (verifier, _) = OidcClient.NewPkce();
        var url = OidcClient.AuthorizeUrl(OidcClient.LoopbackRedirect(50127), FullScope, verifier, "s").Replace("S256", "plain", StringComparison.Ordinal);
        var response = await browser.GetAsync(url);
        Assert.False(response.Headers.Location?.Query.Contains("code=", StringComparison.Ordinal) ?? false);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://evil.example:50123/callback")]
    [InlineData("http://127.0.0.1:50123/other")]
    [InlineData("http://127.0.0.1:50123/callback/")]
    [InlineData("http://127.0.0.1:50123/callback?next=x")]
    [InlineData("http://localhost:50123/callback")]
    [InlineData("https://127.0.0.1:50123/callback")]
    [InlineData("http://127.0.0.1.evil.example:50123/callback")]
    [InlineData("http://user@127.0.0.1:50123/callback")]
    public async Task Redirect_uri_other_than_the_registered_loopback_callback_is_refused_without_redirecting(string redirectUri)
    {
        var browser = await factory.SignInAsync(Trainee);
        var response = await browser.GetAsync(OidcClient.AuthorizeUrl(redirectUri, FullScope, OidcClient.NewPkce().Challenge, "s"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IPv6_loopback_callback_is_accepted_on_any_port()
    {
        var browser = await factory.SignInAsync(Trainee);
        var code = await OidcClient.AuthorizeAsync(browser, "http://[::1]:61234/callback", FullScope, OidcClient.NewPkce().Challenge);
        Assert.False(string.IsNullOrEmpty(code));
    }

    [Fact]
    public async Task Anonymous_authorization_request_goes_to_sign_in_and_comes_back()
    {
        var url = OidcClient.AuthorizeUrl(OidcClient.LoopbackRedirect(50124), FullScope, OidcClient.NewPkce().Challenge, "s");
        var response = await factory.CreateBrowser().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/sign-in", new Uri(new Uri("http://localhost"), location).PathAndQuery, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString("/connect/authorize?"), location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_user_signs_in_on_the_form_and_the_cli_receives_a_code()
    {
        var browser = factory.CreateBrowser();
        var redirectUri = OidcClient.LoopbackRedirect(50128);
        var authorize = OidcClient.AuthorizeUrl(redirectUri, FullScope, OidcClient.NewPkce().Challenge, "after-sign-in");
        var signInPage = (await browser.GetAsync(authorize)).Headers.Location!.PathAndQuery;
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), signInPage).Query)["ReturnUrl"].ToString();

        var signedIn = await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, signInPage, new Dictionary<string, string>
        {
            ["Login"] = Trainee, ["Password"] = LearnHubFactory.Password, ["ReturnUrl"] = returnUrl,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.StartsWith("/connect/authorize?", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var callback = await browser.GetAsync(signedIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var query = QueryHelpers.ParseQuery(callback.Headers.Location!.Query);
        Assert.StartsWith(redirectUri + "?", callback.Headers.Location.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("after-sign-in", query["state"].ToString());
        Assert.False(string.IsNullOrEmpty(query["code"].ToString()));
    }

    [Theory]
    [InlineData("&prompt=login")]
    [InlineData("&max_age=0")]
    public async Task Prompt_login_and_an_exceeded_max_age_ask_a_signed_in_user_to_sign_in_again(string extra)
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(50131);
        var url = OidcClient.AuthorizeUrl(redirectUri, FullScope, OidcClient.NewPkce().Challenge, "fresh") + extra;
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var signInPage = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/sign-in", new Uri(new Uri("http://localhost"), signInPage).PathAndQuery, StringComparison.Ordinal);
        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), signInPage).Query)["ReturnUrl"].ToString();
        Assert.DoesNotContain("prompt=login", returnUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("max_age", returnUrl, StringComparison.Ordinal);

        // The old session is gone: the same browser is anonymous until it signs in again.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/my/learning")).StatusCode);

        var signedIn = await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, signInPage, new Dictionary<string, string>
        {
            ["Login"] = Trainee, ["Password"] = LearnHubFactory.Password, ["ReturnUrl"] = returnUrl,
        }));
        var callback = await browser.GetAsync(signedIn.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith(redirectUri + "?", callback.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(QueryHelpers.ParseQuery(callback.Headers.Location.Query)["code"].ToString()));
    }

    [Fact]
    public async Task A_recent_sign_in_satisfies_max_age_without_asking_again()
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(50132);
        var response = await browser.GetAsync(OidcClient.AuthorizeUrl(redirectUri, FullScope, OidcClient.NewPkce().Challenge, "recent") + "&max_age=3600");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(redirectUri + "?", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prompt_none_without_a_session_returns_login_required_to_the_client()
    {
        var url = OidcClient.AuthorizeUrl(OidcClient.LoopbackRedirect(50129), FullScope, OidcClient.NewPkce().Challenge, "s") + "&prompt=none";
        var response = await factory.CreateBrowser().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("login_required", QueryHelpers.ParseQuery(response.Headers.Location!.Query)["error"].ToString());
    }

    [Fact]
    public async Task Api_without_a_token_is_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/courses");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_with_a_token_lacking_the_api_scope_is_403()
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(50125);
        var (verifier, challenge) = OidcClient.NewPkce();
        var code = await OidcClient.AuthorizeAsync(browser, redirectUri, "openid profile", challenge);
        var (status, tokens) = await OidcClient.RedeemAsync(factory.CreateClient(), code, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, status);

        var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), "/api/v1/courses", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Api_course_by_slug_is_404_when_missing()
    {
        var token = await CliTokenAsync();
        var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), "/api/v1/courses/no-such-course", token);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Cookie_alone_does_not_open_the_api()
    {
        var browser = await factory.SignInAsync(Trainee);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/courses")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_api_with_a_bearer_scheme()
    {
        var json = await factory.CreateClient().GetStringAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(json);
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/courses", out _));
        Assert.True(paths.TryGetProperty("/api/v1/courses/{slug}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Identity_token_carries_name_for_the_profile_scope_but_no_internal_ids()
    {
        var tokens = await CliTokensAsync(FullScope);
        var claims = OidcClient.JwtPayload(tokens.GetProperty("id_token").GetString()!);
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("sub").GetString()));
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("name").GetString()));
        // email and roles scopes were not requested; LearnHub's person id is for the API only.
        Assert.False(claims.TryGetProperty("email", out _));
        Assert.False(claims.TryGetProperty("role", out _));
        Assert.False(claims.TryGetProperty("learnhub:person", out _));
    }

    [Fact]
    public async Task Userinfo_answers_with_the_subject_and_profile()
    {
        var tokens = await CliTokensAsync(FullScope);
        var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), "/connect/userinfo", tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("sub").GetString()));
        Assert.False(string.IsNullOrEmpty(document.RootElement.GetProperty("name").GetString()));
        Assert.False(document.RootElement.TryGetProperty("email", out _));
    }

    [Fact]
    public async Task End_session_signs_the_browser_out()
    {
        var browser = await factory.SignInAsync(Trainee);
        var page = await browser.GetStringAsync("/connect/endsession");
        var response = await browser.PostAsync("/connect/endsession", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["confirm"] = "1", ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await browser.GetAsync("/my/learning");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:8080/callback", true)]
    [InlineData("http://[::1]/callback", "http://[::1]:8080/callback", true)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1/callback", false)] // no port: the exact comparison handles it
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:8080/Callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:8080/callback#x", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.0.0.1:8080/x/../callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://127.1:8080/callback", false)]
    [InlineData("http://127.0.0.1/callback", "http://[::1]:8080/callback", false)]
    [InlineData("http://127.0.0.1:9000/callback", "http://127.0.0.1:8080/callback", false)]
    [InlineData("https://app.example/callback", "https://app.example:8443/callback", false)]
    [InlineData("http://localhost/callback", "http://localhost:8080/callback", false)]
    public void Loopback_redirect_matches_only_the_registered_uri_with_a_port_added(string registered, string requested, bool expected) =>
        Assert.Equal(expected, LearnHub.Web.Identity.OpenIdConnect.LoopbackRedirect.Matches(registered, requested));

    private async Task<string> CliTokenAsync() => (await CliTokensAsync(FullScope)).GetProperty("access_token").GetString()!;

    private async Task<JsonElement> CliTokensAsync(string scope)
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (verifier, challenge) = OidcClient.NewPkce();
        var code = await OidcClient.AuthorizeAsync(browser, redirectUri, scope, challenge);
        var (status, body) = await OidcClient.RedeemAsync(factory.CreateClient(), code, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static string?[] Strings(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(e => e.GetString())];
}
