using System.Net;
using System.Text.Encodings.Web;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Tests;

/// <summary>
/// The app with one more authentication scheme that handles requests: the authentication middleware
/// offers every request it sees to such schemes (as it does to OpenIddict's), so the scheme counts
/// how often the middleware ran.
/// </summary>
public sealed class CountingAuthenticationFactory : LearnHubFactory
{
    public AuthenticationCounter Counter { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(Counter);
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CountingHandler>(CountingHandler.Name, _ => { });
        });
    }
}

public sealed class AuthenticationCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);
}

internal sealed class CountingHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AuthenticationCounter counter) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder), IAuthenticationRequestHandler
{
    public const string Name = "counting";

    public Task<bool> HandleRequestAsync()
    {
        counter.Add();
        return Task.FromResult(false);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}

public sealed class AuthenticationPipelineTests(CountingAuthenticationFactory factory) : IClassFixture<CountingAuthenticationFactory>
{
    [Fact]
    public async Task A_bearer_token_reaches_the_players_reports_as_the_cookie_does()
    {
        var token = await OidcClient.AccessTokenAsync(factory, "trainee@learnhub.example");
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        static HttpRequestMessage Start(string? token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/playback/start")
            {
                Content = new StringContent("{\"lessonId\":987654}", System.Text.Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            return request;
        }

        // No such lesson: the endpoint answers, whichever credential brought the caller.
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.SendAsync(Start(null))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().SendAsync(Start(token))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().SendAsync(Start(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().SendAsync(Start("not-a-token"))).StatusCode);
    }

    [Fact]
    public async Task A_page_is_authenticated_once_and_signed_segments_and_heartbeats_not_at_all()
    {
        var trainee = await factory.SignInAsync("trainee@learnhub.example");

        factory.Counter.Reset();
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync("/my/hours")).StatusCode);
        Assert.Equal(1, factory.Counter.Count);

        // A signed URL is its own credential (this one's signature is wrong: refused by the endpoint, not by sign-in).
        factory.Counter.Reset();
        var signed = await trainee.GetAsync($"/media/{Guid.NewGuid():N}/s/4102444800-AAAAAAAAAAAAAAAAAAAAAA/360p/segment_000.ts");
        Assert.Equal(HttpStatusCode.Forbidden, signed.StatusCode);
        Assert.Equal(0, factory.Counter.Count);

        // The player's reports: their policy authenticates the cookie itself.
        factory.Counter.Reset();
        var report = await trainee.PostAsync("/api/v1/playback/heartbeat", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, report.StatusCode);
        Assert.Equal(0, factory.Counter.Count);
    }
}
