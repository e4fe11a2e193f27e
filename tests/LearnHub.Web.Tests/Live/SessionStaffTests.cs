using System.Net;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Live;

/// <summary>
/// "Staff of this session" is one rule on every surface: the session's lecturer runs its check-in screen, roster,
/// live console, stream key, slides and live room while the account holds the Lecturer role, and none of them once
/// the role is taken away, although the account still points at the lecturer's profile.
/// </summary>
public sealed class SessionStaffTests(LiveRoomFactory factory) : IClassFixture<LiveRoomFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";

    [Fact]
    public async Task A_lecturer_whose_role_is_taken_away_runs_none_of_the_sessions_surfaces()
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "讲师角色收回之后");

        var lecturer = await factory.SignInAsync(Lecturer);
        var surfaces = await SurfacesAsync(lecturer, sessionId);
        Assert.All(surfaces, s => Assert.True(s.Value is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{s.Key}: {s.Value}"));
        // The deck does not exist: as staff the request gets past the door and finds nothing.
        Assert.Equal(HttpStatusCode.NotFound, surfaces["slide page"]);
        await using (var hub = await LiveTestSupport.BuildAsync(factory, Lecturer, sessionId))
        {
            await hub.StartAsync();
            await hub.InvokeAsync("PublishNotice", "五分钟后开始");
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = await users.FindByEmailAsync(Lecturer);
            Assert.NotNull(account!.LecturerId);
            Assert.True((await users.RemoveFromRoleAsync(account, Roles.Lecturer)).Succeeded);
        }

        var former = await factory.SignInAsync(Lecturer);
        foreach (var (surface, status) in await SurfacesAsync(former, sessionId))
        {
            Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{surface}: {status}");
        }

        await using var refused = await LiveTestSupport.BuildAsync(factory, Lecturer, sessionId);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await refused.StartAsync();
            await refused.InvokeAsync("PublishNotice", "不应发出");
        });
    }

    /// <summary>What each staff surface answers the client (a refusal is 403, or the cookie scheme's redirect to "denied").</summary>
    private static async Task<Dictionary<string, HttpStatusCode>> SurfacesAsync(HttpClient client, int sessionId)
    {
        var status = new Dictionary<string, HttpStatusCode>
        {
            ["check-in screen"] = (await client.GetAsync($"/lecture-hall/sessions/{sessionId}/checkin-screen")).StatusCode,
            ["roster"] = (await client.GetAsync($"/lecture-hall/sessions/{sessionId}/roster")).StatusCode,
            ["live console"] = (await client.GetAsync($"/live/{sessionId}/console")).StatusCode,
            ["live video state"] = (await client.GetAsync($"/live/{sessionId}/video/state")).StatusCode,
            ["slide page"] = (await client.GetAsync($"/live/{sessionId}/slides/{Guid.NewGuid()}/1.jpg")).StatusCode,
        };
        // The stream key is replaced from the console's form; the session page carries a token for the refused.
        var page = await client.GetStringAsync($"/lecture-hall/sessions/{sessionId}");
        status["stream key"] = (await client.PostAsync($"/live/{sessionId}/video/key", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(page) }))).StatusCode;
        return status;
    }
}
