using System.Net;
using System.Net.Http.Json;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

/// <summary>The app with a clock the tests move, for the sign-in cookie's security-stamp interval.</summary>
public sealed class StampClockFactory : LearnHubFactory
{
    protected override TestClock CreateClock() => new(DefaultStart, running: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.Configure<SecurityStampValidatorOptions>(o => o.TimeProvider = Clock);
        });
    }
}

/// <summary>
/// The security stamp is checked only once its interval has passed (<see cref="SecurityStampCheck"/>):
/// until then a changed stamp goes unnoticed, as with Identity's own hook; after it, the cookie stops
/// working, on pages and APIs and on the player's reports, which skip the authentication middleware.
/// </summary>
public sealed class SecurityStampTests(StampClockFactory factory) : IClassFixture<StampClockFactory>
{
    [Fact]
    public async Task A_changed_security_stamp_signs_out_once_the_interval_has_passed()
    {
        var client = await factory.SignInAsync("trainee2@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/learning")).StatusCode);
        // An unknown playback: 404 to a signed-in caller, 401 to anyone else.
        Assert.Equal(HttpStatusCode.NotFound, (await ReportAsync(client)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync("trainee2@learnhub.example");
            await users.UpdateSecurityStampAsync(user!);
        }

        // Within the interval the cookie is taken as it is: no database read per request.
        factory.Clock.Now += TimeSpan.FromMinutes(29);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReportAsync(client)).StatusCode);

        factory.Clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ReportAsync(client)).StatusCode);
        var page = await client.GetAsync("/my/learning");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_stamp_keeps_the_cookie_working_after_the_interval()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        factory.Clock.Now += TimeSpan.FromMinutes(31);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReportAsync(client)).StatusCode);
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/v1/playback/heartbeat", new { playbackId = Guid.NewGuid(), visible = true, segments = Array.Empty<object>() });
}
