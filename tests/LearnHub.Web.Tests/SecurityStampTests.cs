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
    public async Task A_stamp_in_use_is_read_again_ahead_of_the_window_without_a_request_waiting_for_it()
    {
        var stamps = factory.Services.GetRequiredService<AccountStamps>();
        var id = await UserIdAsync("contact@learnhub.example");
        stamps.Forget(id);
        var before = await stamps.CurrentAsync(id, CancellationToken.None);
        Assert.NotNull(before);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SecurityStamp, "changed-ahead"));
        }

        // Past half the window the request is answered from memory at once, and the re-read is asked for.
        factory.Clock.Now += AccountStamps.RefreshAfter + TimeSpan.FromSeconds(1);
        Assert.Equal(before, await stamps.CurrentAsync(id, CancellationToken.None));

        // The clock stands still: what changes the answer is the re-read done beside the requests, not an expiry.
        var seen = before;
        for (var tries = 0; tries < 100 && seen != "changed-ahead"; tries++)
        {
            await Task.Delay(50);
            seen = await stamps.CurrentAsync(id, CancellationToken.None);
        }

        Assert.Equal("changed-ahead", seen);
    }

    [Fact]
    public async Task Many_accounts_asked_at_once_each_get_their_own_stamp_and_unknown_or_disabled_ones_none()
    {
        var stamps = factory.Services.GetRequiredService<AccountStamps>();
        Dictionary<string, string?> expected;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
            var disabled = await db.Users.Where(u => u.Email == "auditor@learnhub.example").Select(u => u.Id).SingleAsync();
            await db.Users.Where(u => u.Id == disabled).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisabledAt, DateTimeOffset.UnixEpoch));
            expected = await db.Users.Select(u => new { u.Id, u.SecurityStamp, u.DisabledAt })
                .ToDictionaryAsync(u => u.Id, u => u.DisabledAt == null ? u.SecurityStamp : null);
        }

        foreach (var id in expected.Keys)
        {
            stamps.Forget(id);
        }

        var unknown = Enumerable.Range(0, AccountStamps.BatchSize + 50).Select(i => "no-such-account-" + i).ToList();
        var asked = expected.Keys.Concat(unknown).SelectMany(id => new[] { id, id }).OrderBy(_ => Random.Shared.Next()).ToList();
        var answers = await Task.WhenAll(asked.Select(id => stamps.CurrentAsync(id, CancellationToken.None).AsTask()));
        for (var i = 0; i < asked.Count; i++)
        {
            Assert.Equal(expected.GetValueOrDefault(asked[i]), answers[i]);
        }
    }

    [Fact]
    public async Task An_unchanged_stamp_keeps_the_cookie_working_after_the_interval()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        factory.Clock.Now += TimeSpan.FromMinutes(31);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ReportAsync(client)).StatusCode);
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client) =>
        client.PostAsJsonAsync("/api/v1/playback/heartbeat", new { playbackId = Guid.NewGuid(), visible = true, segments = Array.Empty<object>() });
}
