using System.Globalization;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Content;

/// <summary>
/// The demo content loaded on days that catch calendars out: it must be as full on any of them as on the
/// day it was written — a session under way, held ones with their records, later ones open, people met,
/// due, overdue and not met, and last year to look back on.
/// </summary>
/// <remarks>Six whole demo provinces loaded one after another: the full run's tier, not the fast one.</remarks>
[Trait("Category", "Demo")]
public sealed class DemoContentTests
{
    private const string DemoTrainee = "13800000001";

    public static TheoryData<string> Moments => new()
    {
        "2027-01-01T00:30+08:00", // New Year's night in China, still 31 December in UTC
        "2027-01-01T07:30+08:00",
        "2028-02-29T00:30+08:00",
        "2027-07-15T14:00+08:00",
        "2026-12-31T23:30+08:00",
        "2030-11-23T09:15+08:00",
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public async Task The_demo_is_as_full_on_any_day(string moment)
    {
        var at = DateTimeOffset.Parse(moment, CultureInfo.InvariantCulture);
        using var host = await LoadAsync(new FakeTimeProvider(at));
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CoursesDbContext>();
        var clock = services.GetRequiredService<ProgrammeClock>();
        var today = DateOnly.FromDateTime(at.DateTime);
        Assert.Equal(today, clock.Today);

        // The lecture hall: four held, one under way now, three to come (the demo class's sessions are its own series).
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => !s.Series!.IsClass).OrderBy(s => s.Number).ToListAsync();
        Assert.Equal(8, sessions.Count);
        var held = sessions.Where(s => clock.End(s) < clock.UtcNow).ToList();
        var now = Assert.Single(sessions, s => clock.Start(s) <= clock.UtcNow && clock.UtcNow <= clock.End(s));
        Assert.Equal(4, held.Count);
        Assert.Equal(today, now.Date);
        Assert.True(services.GetRequiredService<AttendanceBook>().IsCheckInOpen(now));
        Assert.All(sessions.Where(s => s.Number > now.Number), s => Assert.True(s.Date > today));
        var trainee = await db.People.AsNoTracking().SingleAsync(p => p.Mobile == DemoTrainee);
        foreach (var session in held)
        {
            Assert.NotNull(session.ClosedAt);
            Assert.NotNull(await db.LiveBroadcasts.Where(b => b.SessionId == session.Id).Select(b => b.ReplayLessonId).SingleOrDefaultAsync());
            Assert.True(await db.LedgerEntries.CountAsync(e => e.Reference == $"session:{session.Id}") > 20);
            Assert.True(await db.Set<SurveyResponse>().CountAsync(r => r.LectureHallSessionId == session.Id) > 20);
        }

        var checkedIn = await db.AttendanceRecords.AsNoTracking().Where(r => r.SessionId == now.Id).ToListAsync();
        Assert.NotEmpty(checkedIn);
        Assert.All(checkedIn, r => Assert.InRange(r.CheckedInAt!.Value, clock.Start(now).AddHours(-1), clock.UtcNow));
        Assert.DoesNotContain(checkedIn, r => r.PersonId == trainee.Id);
        Assert.Contains(await db.SessionRegistrations.AsNoTracking().ToListAsync(), r => r.Status == RegistrationStatus.Waitlisted);

        // Nothing already happened lies ahead.
        Assert.False(await db.LedgerEntries.AnyAsync(e => e.Date > today));
        Assert.All(await db.CourseCompletions.Select(c => c.CompletedAt).ToListAsync(), at => Assert.True(at <= clock.UtcNow));

        // This year and last year: curricula of every tier, and hours in the ledger.
        Assert.Equal(4, await db.Curricula.CountAsync(c => c.Year == today.Year));
        Assert.Equal(4, await db.Curricula.CountAsync(c => c.Year == today.Year - 1));
        var lastYearStart = new DateOnly(today.Year - 1, 1, 1);
        var yearStart = new DateOnly(today.Year, 1, 1);
        Assert.True(await db.LedgerEntries.CountAsync(e => e.Date >= lastYearStart && e.Date < yearStart) > 100);

        // The supervisors' report has people met, due and not met, and plans have work done, open and overdue.
        var compliance = services.GetRequiredService<ComplianceQueries>();
        var report = await compliance.ReportAsync(db.People, new ComplianceFilter(), today.Year);
        var statuses = report.People.SelectMany(p => p.Outcomes).Select(o => o.Status).ToHashSet();
        Assert.Superset(new HashSet<ComplianceStatus> { ComplianceStatus.Met, ComplianceStatus.Due }, statuses);
        // "Not met" needs a deadline passed this year: from 4 January on, a new secretary's window has closed unmet.
        Assert.Equal(today.DayOfYear > 3, statuses.Contains(ComplianceStatus.NotMet));
        Assert.InRange(report.Compliant, 10, report.Bound - 10);
        var lastYear = await compliance.ReportAsync(db.People, new ComplianceFilter(), today.Year - 1);
        Assert.Superset(new HashSet<ComplianceStatus> { ComplianceStatus.Met, ComplianceStatus.NotMet },
            lastYear.People.SelectMany(p => p.Outcomes).Select(o => o.Status).ToHashSet());
        var planQueries = services.GetRequiredService<PlanQueries>();
        var plans = await planQueries.ForPeopleAsync(db.People, today.Year, CancellationToken.None);
        var states = plans.SelectMany(p => p.Plan.Items).Select(i => i.State).ToHashSet();
        Assert.Superset(new HashSet<AssignmentState> { AssignmentState.Done, AssignmentState.NotStarted }, states);
        // Overdue needs a due date passed this year: a supervisor's assignment fell due six days ago.
        Assert.Equal(today.DayOfYear > 6, states.Contains(AssignmentState.Overdue));
        var lastYearPlans = await planQueries.ForPeopleAsync(db.People, today.Year - 1, CancellationToken.None);
        Assert.Superset(new HashSet<AssignmentState> { AssignmentState.Done, AssignmentState.Overdue },
            lastYearPlans.SelectMany(p => p.Plan.Items).Select(i => i.State).ToHashSet());

        // The demo trainee, a secretary appointed some three months ago, has a plan and the new-secretary window open.
        var plan = Assert.Single(plans, p => p.PersonId == trainee.Id).Plan;
        Assert.Contains(plan.Items, i => i.State == AssignmentState.Done);
        Assert.Contains(plan.Items, i => i.State != AssignmentState.Done);
        var standing = await services.GetRequiredService<ComplianceQueries>().PersonAsync(trainee.Id, today.Year);
        Assert.Contains(standing!.Outcomes, o => o.Rule.Kind == RuleKind.NewSecretary && o.Status == ComplianceStatus.Due);
    }

    private static async Task<CoursesHost> LoadAsync(TimeProvider clock)
    {
        var host = await CoursesHost.StartAsync(clock);
        Assert.True(await host.WithAsync((services, _) => services.GetRequiredService<DemoContentLoader>().LoadAsync(ContentFolder(), CancellationToken.None)));
        return host;
    }

    private static string ContentFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LearnHub.sln")))
            {
                return Path.Combine(folder.FullName, "content");
            }
        }

        throw new DirectoryNotFoundException("LearnHub.sln not found above the test binaries.");
    }
}
