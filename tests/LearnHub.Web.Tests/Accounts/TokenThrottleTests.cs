using System.Net;
using System.Text.Json;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>An app whose requests arrive through a loopback proxy, with few token posts a minute per client.</summary>
public sealed class TokenThrottleFactory : LearnHubFactory
{
    public const int PerMinute = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LearnHub:Accounts:TokenPostsPerMinute", PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, SignInThrottleFactory.LoopbackProxy>());
    }
}

/// <summary>The token endpoint, where client secrets and codes are checked, is throttled per client address.</summary>
public sealed class TokenThrottleTests(TokenThrottleFactory factory) : IClassFixture<TokenThrottleFactory>
{
    [Fact]
    public async Task One_client_guessing_secrets_gets_a_json_429_while_another_client_is_still_answered()
    {
        const string Guesser = "203.0.113.7";
        for (var i = 0; i < TokenThrottleFactory.PerMinute; i++)
        {
            var answer = await PostAsync(Guesser, $"wrong-secret-{i}");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answer.StatusCode);
        }

        var refused = await PostAsync(Guesser, "wrong-secret-x");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter is not null);
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("too_many_requests", json.RootElement.GetProperty("error").GetString());

        // Another address is not held up by the first one's guessing.
        var other = await PostAsync("198.51.100.7", "wrong-secret-y");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private async Task<HttpResponseMessage> PostAsync(string address, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "reporting", ["client_secret"] = secret, ["scope"] = "api",
            }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await factory.CreateClient().SendAsync(request);
    }
}
