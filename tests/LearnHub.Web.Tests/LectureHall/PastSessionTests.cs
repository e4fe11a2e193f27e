using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.LectureHall;

/// <summary>A session that is over reads as a record: no seats left to count, no calendar entry to add, no questions to ask.</summary>
public sealed class PastSessionTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task A_held_session_offers_no_calendar_entry_or_seats_and_its_live_room_takes_no_questions()
    {
        var (held, coming) = await SessionsAsync();
        var trainee = await factory.SignInAsync("trainee@learnhub.example");

        var past = await trainee.GetStringAsync($"/lecture-hall/sessions/{held}");
        Assert.DoesNotContain("data-testid=\"ics\"", past, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"seats-left\"", past, StringComparison.Ordinal);
        var next = await trainee.GetStringAsync($"/lecture-hall/sessions/{coming}");
        Assert.Contains("data-testid=\"ics\"", next, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"seats-left\"", next, StringComparison.Ordinal);

        var room = await trainee.GetStringAsync($"/live/{held}");
        Assert.Contains("data-testid=\"questions-closed\"", room, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"lr-ask\"", room, StringComparison.Ordinal);
    }

    /// <summary>A held demo session with a live room, and one still to come.</summary>
    private async Task<(int Held, int Coming)> SessionsAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var today = factory.Programme.Today;
        var held = await db.LectureHallSessions.Where(s => s.Date < today && s.HasLiveRoom).OrderBy(s => s.Date).Select(s => s.Id).FirstAsync();
        var coming = await db.LectureHallSessions.Where(s => s.Date > today).OrderBy(s => s.Date).Select(s => s.Id).FirstAsync();
        return (held, coming);
    }
}
