using System.Data.Common;
using LearnHub.Courses.Calendar;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// Follows every roster account to its person's record (<see cref="PersonAccounts.SyncAsync"/> of everyone) once the
/// server has started, and again just after each midnight of the programme's clock: a position whose end date has
/// passed disables its account on that day, not at the next restart. At start only the people without an account are
/// caught up (<see cref="PersonAccounts.CatchUpAsync"/>), so a large province does not hold the server from listening.
/// </summary>
internal sealed class RosterAccountsWorker(IServiceScopeFactory scopes, ProgrammeClock clock, IHostApplicationLifetime lifetime,
    ILogger<RosterAccountsWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = clock.Time.GetTimestamp();
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PersonAccounts>().SyncAsync(null, stoppingToken);
                logger.LogInformation("Roster accounts followed to their people in {Seconds:0.0} s", clock.Time.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception e) when (e is DbUpdateException or DbException or InvalidOperationException)
            {
                // Another node following the same accounts at the same moment, or the database away: the next day's pass catches up.
                logger.LogWarning(e, "Following the roster accounts failed; trying again after the next midnight");
            }

            await Task.Delay(UntilAfterMidnight(clock.Now), clock.Time, stoppingToken);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Five minutes past the next midnight of the programme's wall clock, when the day's position end dates have passed.</summary>
    internal static TimeSpan UntilAfterMidnight(DateTimeOffset now)
    {
        var midnight = new DateTimeOffset(now.Year, now.Month, now.Day, 0, 0, 0, now.Offset).AddDays(1);
        return midnight - now + TimeSpan.FromMinutes(5);
    }
}
