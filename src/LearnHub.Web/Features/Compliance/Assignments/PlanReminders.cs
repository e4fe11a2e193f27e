using System.Globalization;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Data;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Compliance.Assignments;

/// <summary>
/// Reminds people of their plan: once when a course falls due within <see cref="PlanQueries.ReminderDays"/> days, and
/// once when it is overdue, naming the plan's year (around New Year a person has courses on two plans). Which
/// courses, and from which year's plan, is <see cref="PlanQueries.RemindersAsync"/>'s decision. Each reminder carries
/// a once-key (item and due date, so the year too), so repeated runs, restarts and several nodes send it once; a due
/// date moved later earns a new reminder.
/// </summary>
public sealed class PlanReminders(CoursesDbContext db, PlanQueries plans, Notifier notifier, UserManager<AppUser> users)
{
    /// <summary>Sends what is due; returns how many reminders were considered (sent now or before).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var withAccounts = await users.Users.Where(u => u.PersonId != null).Select(u => u.PersonId!.Value).Distinct().ToListAsync(cancellationToken);
        var count = 0;
        // In chunks, so a large programme never loads every plan at once.
        foreach (var chunk in withAccounts.Chunk(200))
        {
            var ids = chunk.ToList();
            var reminders = await plans.RemindersAsync(db.People.Where(p => ids.Contains(p.Id)), cancellationToken);
            if (reminders.Count == 0)
            {
                continue;
            }

            var targets = await plans.TargetsAsync(reminders.Select(r => r.Item), cancellationToken);
            foreach (var reminder in reminders)
            {
                if (!targets.TryGetValue((reminder.Item.Kind, reminder.Item.TargetId), out var target))
                {
                    continue;
                }

                await notifier.NotifyPersonAsync(reminder.PersonId, Message(reminder, target.Title), cancellationToken);
                count++;
            }
        }

        return count;
    }

    public static NotificationMessage Message(PlanReminder reminder, string title)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var due = reminder.Item.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var year = reminder.Year.ToString(CultureInfo.InvariantCulture);
        return new NotificationMessage(reminder.Overdue ? "Notice.PlanOverdue" : "Notice.PlanDueSoon", [title, due, year], "/my/learning",
            string.Create(CultureInfo.InvariantCulture, $"plan:{(reminder.Overdue ? "overdue" : "due")}:course:{reminder.Item.TargetId}:{due}"));
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

/// <summary>Assigning work, acting on a selection of people, and the hourly plan reminders.</summary>
internal static class AssignmentsSetup
{
    public static IServiceCollection AddAssignments(this IServiceCollection services)
    {
        services.AddScoped<SupervisorAssigning>();
        services.AddScoped<Supervision.SelectedPeople>();
        services.AddScoped<PlanReminders>();
        services.AddHostedService<PlanReminderWorker>();
        return services;
    }
}
