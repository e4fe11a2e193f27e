using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace LearnHub.Web.Tests.Support;

/// <summary>What the LearnHub CLI does: PKCE, the authorization request, and token calls.</summary>
internal static class OidcClient
{
    public const string CliClientId = "learnhub-cli";

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string LoopbackRedirect(int port, string path = "/callback") => $"http://127.0.0.1:{port}{path}";

    public static string AuthorizeUrl(string redirectUri, string scope, string challenge, string state) =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = CliClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["state"] = state,
        });

    /// <summary>Runs the authorization request as the signed-in browser and returns the code from the redirect.</summary>
    public static async Task<string> AuthorizeAsync(HttpClient browser, string redirectUri, string scope, string challenge)
    {
        var state = Guid.NewGuid().ToString("N");
        var response = await browser.GetAsync(AuthorizeUrl(redirectUri, scope, challenge, state));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(redirectUri + "?", location.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> TokenAsync(HttpClient client, Dictionary<string, string> form)
    {
        var response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> RedeemAsync(HttpClient client, string code, string redirectUri, string verifier) =>
        TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = CliClientId,
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        });

    /// <summary>An access token with the <c>api</c> scope for a demo account, through sign-in, authorization code and PKCE.</summary>
    public static async Task<string> AccessTokenAsync(LearnHubFactory factory, string email)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var browser = await factory.SignInAsync(email);
        var redirectUri = LoopbackRedirect(Random.Shared.Next(1024, 65535));
        var (verifier, challenge) = NewPkce();
        var code = await AuthorizeAsync(browser, redirectUri, "openid api", challenge);
        var (status, tokens) = await RedeemAsync(factory.CreateClient(), code, redirectUri, verifier);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpResponseMessage> GetWithTokenAsync(HttpClient client, string path, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await client.SendAsync(request);
    }

    /// <summary>The claims of a signed (not encrypted) JWT such as the identity token.</summary>
    public static JsonElement JwtPayload(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        using var document = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=')));
        return document.RootElement.Clone();
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
