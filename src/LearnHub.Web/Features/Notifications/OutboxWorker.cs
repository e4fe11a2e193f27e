using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Notifications;

/// <summary>
/// What the mail and SMS outboxes' workers share: a poll on the injected clock (like every wait in LearnHub) that
/// survives a failing database step, a claim that a node holds while it sends, and the wait after a failed attempt.
/// </summary>
internal abstract class OutboxWorker(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>How long a claimed message is left to the node that claimed it before another may take it up.</summary>
    public static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    /// <summary>How many due messages one poll reads.</summary>
    public const int Batch = 20;

    protected abstract bool Enabled { get; }

    protected abstract int PollSeconds { get; }

    protected abstract Task SendDueAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, PollSeconds)), Clock);
        do
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                Logger.LogWarning(e, "Outbox step failed; trying again shortly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>The wait after the given failed attempt: 30 s, doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>An error as stored on the row: cut to the column's length.</summary>
    public static string Stored(string error) => error.Length > Courses.Data.FieldLimits.Title ? error[..Courses.Data.FieldLimits.Title] : error;
}
