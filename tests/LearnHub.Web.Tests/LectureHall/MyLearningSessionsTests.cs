using System.Text.RegularExpressions;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.LectureHall;

/// <summary>
/// "My learning" lists the sessions a person holds a seat or a waiting place for and puts them on a month calendar,
/// all on China time: the clock stands at 01:00 on 1 April in China, still 31 March on a server that runs on UTC.
/// </summary>
public sealed class MyLearningSessionsTests(HallFactory factory) : IClassFixture<HallFactory>
{
    private static readonly DateTimeOffset AprilFirstInChina = new(2027, 4, 1, 1, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task My_learning_lists_a_registered_and_a_waiting_session_on_China_time_the_coming_ones_first()
    {
        factory.Clock.Now = AprilFirstInChina;
        var (trainee, personId, _) = await factory.TraineeAsync(50);
        var (other, otherId, _) = await factory.TraineeAsync(51);
        var seat = await SessionAsync("四月一日上午的讲座", new DateOnly(2027, 4, 1), new TimeOnly(9, 0), capacity: 10);
        var waiting = await SessionAsync("四月二日满员的讲座", new DateOnly(2027, 4, 2), new TimeOnly(14, 30), capacity: 1);
        // Held on the evening of 31 March China time: over, though the server's own date is still 31 March.
        var held = await SessionAsync("三月三十一日晚上的讲座", new DateOnly(2027, 3, 31), new TimeOnly(19, 0), capacity: 10);
        await RegisterAsync(seat, personId);
        await RegisterAsync(waiting, otherId);
        Assert.Equal(RegisterOutcome.Waitlisted, await RegisterAsync(waiting, personId));
        await SeatInPastAsync(held, personId);

        var html = await trainee.GetStringAsync("/my/learning");

        var rows = Regex.Matches(html, "data-testid=\"my-session\" data-session-id=\"(\\d+)\" data-standing=\"(\\w+)\"").Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value)).ToList();
        Assert.Equal([(seat, "Registered"), (waiting, "Waitlisted"), (held, "Registered")], rows);
        Assert.Contains("datetime=\"2027-04-01T09:00\"", html, StringComparison.Ordinal);
        Assert.Contains("datetime=\"2027-04-02T14:30\"", html, StringComparison.Ordinal);
        Assert.Contains("datetime=\"2027-03-31T19:00\"", html, StringComparison.Ordinal);
        Assert.Contains("候补第 1 位", html, StringComparison.Ordinal);
        Assert.Contains("已结束的场次（1）", html, StringComparison.Ordinal);
        // The held one sits inside the folded part, after both coming ones.
        Assert.True(html.IndexOf("已结束的场次", StringComparison.Ordinal) < html.IndexOf("三月三十一日晚上的讲座", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_month_calendar_shows_a_session_on_its_China_day_and_moves_between_months()
    {
        factory.Clock.Now = AprilFirstInChina;
        var (trainee, personId, _) = await factory.TraineeAsync(52);
        var april = await SessionAsync("日历上的四月讲座", new DateOnly(2027, 4, 1), new TimeOnly(8, 0), capacity: 10);
        var march = await SessionAsync("日历上的三月讲座", new DateOnly(2027, 3, 31), new TimeOnly(19, 0), capacity: 10);
        await RegisterAsync(april, personId);
        await SeatInPastAsync(march, personId);

        var html = await trainee.GetStringAsync("/my/learning");
        Assert.Contains("data-month=\"2027-04\"", html, StringComparison.Ordinal);
        Assert.Contains("日历上的四月讲座", Day(html, "2027-04-01"), StringComparison.Ordinal);
        Assert.Contains("aria-current=\"date\"", Day(html, "2027-04-01"), StringComparison.Ordinal);
        Assert.DoesNotContain("日历上的三月讲座", Calendar(html), StringComparison.Ordinal);
        // Monday first: 1 April 2027 is a Thursday, three empty days before it.
        Assert.Matches("<tbody>\\s*<tr>\\s*(<td class=\"lh-cal-out\"></td>\\s*){3}<td data-date=\"2027-04-01\"", html);
        Assert.Contains("href=\"/my/learning?month=2027-03#my-calendar\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/my/learning?month=2027-05#my-calendar\"", html, StringComparison.Ordinal);

        var previous = await trainee.GetStringAsync("/my/learning?month=2027-03");
        Assert.Contains("data-month=\"2027-03\"", previous, StringComparison.Ordinal);
        Assert.Contains("日历上的三月讲座", Day(previous, "2027-03-31"), StringComparison.Ordinal);
        Assert.DoesNotContain("日历上的四月讲座", Calendar(previous), StringComparison.Ordinal);
        Assert.DoesNotContain("aria-current=\"date\"", Calendar(previous), StringComparison.Ordinal);
        Assert.Contains("href=\"/my/learning?month=2027-02#my-calendar\"", previous, StringComparison.Ordinal);

        // A month the calendar cannot read falls back to today's.
        Assert.Contains("data-month=\"2027-04\"", await trainee.GetStringAsync("/my/learning?month=nonsense"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_sees_another_persons_sessions()
    {
        factory.Clock.Now = AprilFirstInChina;
        var (_, personId, _) = await factory.TraineeAsync(53);
        var (neighbour, _, _) = await factory.TraineeAsync(54);
        var session = await SessionAsync("只属于别人的讲座", new DateOnly(2027, 4, 6), new TimeOnly(9, 0), capacity: 10);
        await RegisterAsync(session, personId);

        var html = await neighbour.GetStringAsync("/my/learning?month=2027-04");
        Assert.DoesNotContain("只属于别人的讲座", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-session-id=\"{session}\"", html, StringComparison.Ordinal);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        Assert.DoesNotContain("只属于别人的讲座", await admin.GetStringAsync("/my/learning?month=2027-04"), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await factory.CreateBrowser().GetAsync("/my/learning")).StatusCode);
    }

    private static string Calendar(string html) =>
        html[html.IndexOf("data-testid=\"my-calendar\"", StringComparison.Ordinal)..];

    /// <summary>One day's cell of the calendar grid.</summary>
    private static string Day(string html, string date)
    {
        var start = html.IndexOf($"<td data-date=\"{date}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No cell for {date}.");
        return html[start..html.IndexOf("</td>", start, StringComparison.Ordinal)];
    }

    /// <summary>A session of a new series, open to all by registration; date and time on China's wall clock.</summary>
    private async Task<int> SessionAsync(string topic, DateOnly date, TimeOnly start, int capacity)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var series = new LectureHallSeries { Title = "日历测试系列", Year = date.Year };
        series.Sessions.Add(new LectureHallSession
        {
            Number = 1, Date = date, StartTime = start, EndTime = start.AddHours(2), Topic = topic, Venue = "三楼报告厅", Capacity = capacity,
        });
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        return series.Sessions[0].Id;
    }

    private async Task<RegisterOutcome> RegisterAsync(int sessionId, int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Roster>().RegisterAsync(sessionId, personId)).Outcome;
    }

    /// <summary>A seat taken before the session was held (registration closes when it ends).</summary>
    private async Task SeatInPastAsync(int sessionId, int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        db.SessionRegistrations.Add(new SessionRegistration
        {
            SessionId = sessionId, PersonId = personId, Status = RegistrationStatus.Registered, RequestedAt = AprilFirstInChina.AddDays(-3).ToUniversalTime(),
        });
        await db.SaveChangesAsync();
    }
}
