using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using LearnHub.Web.Features.LectureHall.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Live;

/// <summary>What the live room's and live video's tests share: a fresh live session, and a sign-in cookie for clients that keep none.</summary>
internal static class LiveTestSupport
{
    /// <summary>A new live session of the first demo series, given by 罗健 (lecturer2) on the test day (the app's clock), 14:30–17:00.</summary>
    public static async Task<int> NewSessionAsync(LearnHubFactory factory, string topic, string slides = "")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var series = await db.LectureHallSeries.Include(s => s.Sessions).FirstAsync();
        var lecturer = await db.Lecturers.SingleAsync(l => l.Key == "luo-jian");
        var session = new LectureHallSession
        {
            Number = series.Sessions.Max(s => s.Number) + 1,
            Date = factory.Programme.Today,
            StartTime = new TimeOnly(14, 30),
            EndTime = new TimeOnly(17, 0),
            Topic = topic,
            LecturerId = lecturer.Id,
            HasLiveRoom = true,
            Capacity = 100,
        };
        series.Sessions.Add(session);
        await db.SaveChangesAsync();
        if (slides.Length > 0)
        {
            var broadcast = new LiveBroadcast(session.Id);
            broadcast.SetSlides(slides);
            db.LiveBroadcasts.Add(broadcast);
            await db.SaveChangesAsync();
        }

        return session.Id;
    }

    /// <summary>Signs in through the real form and returns the auth cookie as a Cookie header value.</summary>
    public static async Task<string> SignInCookieAsync(LearnHubFactory factory, string email)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/account/sign-in");
        var antiforgery = Cookies(page).Single(c => c.StartsWith("learnhub.csrf=", StringComparison.Ordinal));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = email,
            ["Password"] = LearnHubFactory.Password,
            ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in") { Content = form };
        request.Headers.Add("Cookie", antiforgery);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Cookies(response).Single(c => c.StartsWith("learnhub.auth=", StringComparison.Ordinal));
    }

    /// <summary>A live-room connection of the signed-in <paramref name="email"/> to the session, through the test server, not yet started.</summary>
    public static async Task<HubConnection> BuildAsync(LearnHubFactory factory, string email, int sessionId)
    {
        var cookie = await SignInCookieAsync(factory, email);
        return new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, $"{LiveRoomHub.Path.TrimStart('/')}?session={sessionId}"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                options.Headers["Cookie"] = cookie;
            })
            .Build();
    }

    /// <summary>The first <paramref name="method"/> message the connection receives from now on; fails after 30 s (slide decks render first on a busy machine).</summary>
    /// <summary>
    /// Types the code of check <paramref name="number"/> that the account's picture shows (read here
    /// from the database, as a person reads it from the picture) and returns whether it was taken.
    /// </summary>
    public static async Task<bool> AnswerAsync(LearnHubFactory factory, HubConnection connection, string email, int sessionId, int number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LearnHub.Web.Identity.AppUser>>();
        var personId = (await users.FindByEmailAsync(email))?.PersonId;
        var code = await scope.ServiceProvider.GetRequiredService<LearnHub.Courses.Data.CoursesDbContext>().Set<LearnHub.Courses.LectureHall.Live.LiveAttentionCheck>()
            .Where(c => c.SessionId == sessionId && c.PersonId == personId && c.Number == number).Select(c => c.Code)
            .SingleOrDefaultAsync() ?? "0000";
        return (await connection.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, code)).Accepted;
    }

    public static Task<T> Expect<T>(HubConnection connection, string method)
    {
        var received = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        IDisposable? handler = null;
        handler = connection.On<T>(method, value =>
        {
            if (received.TrySetResult(value))
            {
                handler?.Dispose();
            }
        });
        return received.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];
}
