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
    public async Task Api_without_a_token_is_401()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/courses");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
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

    private async Task<string> CliTokenAsync()
    {
        var browser = await factory.SignInAsync(Trainee);
        var redirectUri = OidcClient.LoopbackRedirect(50126);
        var (verifier, challenge) = OidcClient.NewPkce();
        var code = await OidcClient.AuthorizeAsync(browser, redirectUri, FullScope, challenge);
        return (await OidcClient.RedeemAsync(factory.CreateClient(), code, redirectUri, verifier)).Body.GetProperty("access_token").GetString()!;
    }

    private static string?[] Strings(JsonElement root, string property) =>
        [.. root.GetProperty(property).EnumerateArray().Select(e => e.GetString())];
}
