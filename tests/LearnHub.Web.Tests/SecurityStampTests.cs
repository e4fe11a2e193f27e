using System.Net;
using System.Net.Http.Json;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using Microsoft.EntityFrameworkCore;
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
/// A cookie works only while its security stamp is the account's (<see cref="SecurityStampCheck"/>): a stamp changed
/// by this node (password reset, disabled account, sessions ended) stops old cookies on the next request, on pages
/// and on the player's reports, which skip the authentication middleware; one changed elsewhere (another node,
/// the database) within <see cref="AccountStamps.Freshness"/>.
/// </summary>
public sealed class SecurityStampTests(StampClockFactory factory) : IClassFixture<StampClockFactory>
{
    [Fact]
    public async Task A_changed_security_stamp_signs_out_at_once()
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

        Assert.Equal(HttpStatusCode.Unauthorized, (await ReportAsync(client)).StatusCode);
        var page = await client.GetAsync("/my/learning");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stamp_changed_in_the_database_by_another_node_is_seen_within_the_freshness_window()
    {
        var client = await factory.SignInAsync("lecturer2@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/notifications")).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            await db.Users.Where(u => u.Email == "lecturer2@learnhub.example")
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, "changed-elsewhere"));
        }

        factory.Clock.Now += AccountStamps.Freshness - TimeSpan.FromSeconds(1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/notifications")).StatusCode);
        factory.Clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/notifications")).StatusCode);
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
