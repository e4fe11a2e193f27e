using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.LectureHall;

/// <summary>
/// Once a minute: reminds the roster the day before a session, and closes (credits) sessions that
/// ended a while ago and that staff did not close themselves. Both steps are safe to repeat on several nodes.
/// </summary>
internal sealed class HallWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<HallWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await RunOnceAsync(scopes, stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                logger.LogWarning(e, "Lecture-hall background step failed; retrying in a minute");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static async Task RunOnceAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var clock = services.GetRequiredService<ProgrammeClock>();
        var db = services.GetRequiredService<CoursesDbContext>();
        var roster = services.GetRequiredService<Roster>();
        var notices = services.GetRequiredService<HallNotices>();
        var tomorrow = clock.Today.AddDays(1);
        var withAccounts = await services.GetRequiredService<UserManager<AppUser>>().Users
            .Where(u => u.PersonId != null).Select(u => u.PersonId!.Value).ToListAsync(cancellationToken);
        var upcoming = await db.LectureHallSessions.Include(s => s.TargetOrganizations).AsNoTracking()
            .Where(s => s.Date == tomorrow && s.ClosedAt == null).ToListAsync(cancellationToken);
        foreach (var session in upcoming)
        {
            var members = await roster.Members(session).Where(p => withAccounts.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
            foreach (var personId in members)
            {
                await notices.ReminderAsync(session, personId, cancellationToken);
            }
        }

        var book = services.GetRequiredService<AttendanceBook>();
        var options = services.GetRequiredService<IOptions<CheckInOptions>>().Value;
        var now = clock.UtcNow;
        var today = clock.Today;
        var open = await db.LectureHallSessions.AsNoTracking().Where(s => s.ClosedAt == null && s.Date <= today).ToListAsync(cancellationToken);
        foreach (var session in open.Where(s => clock.End(s).AddMinutes(options.AutoCloseAfterMinutes) < now))
        {
            await book.CloseAsync(session.Id, TrainingLedger.System, cancellationToken);
        }
    }
}
