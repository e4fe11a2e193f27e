using System.Globalization;
using LearnHub.Courses.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHalls;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Assignments;

/// <summary>
/// Reminds people of their plan: once when a course falls due within <see cref="DueSoonDays"/> days, and once
/// when it is overdue. Each reminder carries a once-key (item and due date), so repeated runs, restarts and
/// several nodes send it once; a due date moved later earns a new reminder. Sessions are left to the lecture
/// hall's own day-before reminder.
/// </summary>
public sealed class PlanReminders(CoursesDbContext db, PlanQueries plans, Notifier notifier, UserManager<AppUser> users, ProgrammeClock clock)
{
    public const int DueSoonDays = 14;

    /// <summary>Sends what is due; returns how many reminders were considered (sent now or before).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var withAccounts = await users.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value).Distinct().ToListAsync(cancellationToken);
        var count = 0;
        // In chunks, so a large programme never loads every plan at once.
        foreach (var chunk in withAccounts.Chunk(200))
        {
            var ids = chunk.ToList();
            var chunkPlans = await plans.ForPeopleAsync(db.People.Where(p => ids.Contains(p.Id)), today.Year, cancellationToken);
            var items = chunkPlans.SelectMany(p => p.Plan.Open.Where(i => i.Kind == PlanItemKind.Course && i.DueOn <= today.AddDays(DueSoonDays))
                .Select(i => (p.PersonId, Item: i))).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var targets = await plans.TargetsAsync(items.Select(i => i.Item), cancellationToken);
            foreach (var (personId, item) in items)
            {
                if (!targets.TryGetValue((item.Kind, item.TargetId), out var target))
                {
                    continue;
                }

                var overdue = item.State == AssignmentState.Overdue;
                var due = item.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var message = new NotificationMessage(overdue ? "Notice.PlanOverdue" : "Notice.PlanDueSoon", [target.Title, due], "/my/learning",
                    string.Create(CultureInfo.InvariantCulture, $"plan:{(overdue ? "overdue" : "due")}:course:{item.TargetId}:{due}"));
                await notifier.NotifyPersonAsync(personId, message, cancellationToken);
                count++;
            }
        }

        return count;
    }
}

/// <summary>Runs <see cref="PlanReminders"/> every hour.</summary>
internal sealed class PlanReminderWorker(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PlanReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PlanReminders>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                logger.LogWarning(e, "Plan reminders failed; retrying in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

internal static class PlanReminderSetup
{
    public static IServiceCollection AddPlanReminders(this IServiceCollection services)
    {
        services.AddScoped<PlanReminders>();
        services.AddHostedService<PlanReminderWorker>();
        return services;
    }
}
