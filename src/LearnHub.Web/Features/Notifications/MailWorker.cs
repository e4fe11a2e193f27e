using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Notifications;

/// <summary>
/// Sends the outbox (<see cref="OutgoingMail"/>) through SMTP. A failed mail is tried again later, each
/// wait twice the last (30 s, 1 min, 2 min … at most an hour), and given up after
/// <see cref="SmtpOptions.MaxAttempts"/> attempts. Rows are claimed with a conditional update before
/// sending, so two nodes never send the same mail, and a mail claimed by a node that stopped mid-send is
/// picked up again once its claim runs out. It polls on the injected clock, like every wait in LearnHub.
/// </summary>
internal sealed class MailWorker(IServiceScopeFactory scopes, EmailSender sender, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<MailWorker> logger)
    : BackgroundService
{
    /// <summary>How long a claimed mail is left to the node that claimed it.</summary>
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    private const int Batch = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sender.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), clock);
        do
        {
            try
            {
                await RunOnceAsync(scopes, sender, options.Value, clock, logger, stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                logger.LogWarning(e, "Outbox step failed; trying again shortly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sends what is due; returns how many were sent.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, EmailSender sender, SmtpOptions options, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(options);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutgoingMail.AsNoTracking().Where(m => m.State == MailState.Pending && m.NextAttemptUtc <= now)
            .OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var mail in due)
        {
            // Claim: only the node whose update matched the attempt count it read goes on.
            var claimed = await db.OutgoingMail.Where(m => m.Id == mail.Id && m.State == MailState.Pending && m.Attempts == mail.Attempts)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Attempts, mail.Attempts + 1).SetProperty(m => m.NextAttemptUtc, now + Claim), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var attempts = mail.Attempts + 1;
            try
            {
                await sender.SendAsync(mail.To, mail.Subject, mail.Body, cancellationToken);
                await db.OutgoingMail.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.State, MailState.Sent)
                    .SetProperty(m => m.SentAt, clock.GetUtcNow()).SetProperty(m => m.LastError, ""), cancellationToken);
                sent++;
            }
            catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException
                or FormatException)
            {
                var error = e.Message.Length > FieldLimits.Title ? e.Message[..FieldLimits.Title] : e.Message;
                var gaveUp = attempts >= options.MaxAttempts || e is FormatException;
                logger.LogWarning(e, "Mail {MailId} attempt {Attempt} failed{GaveUp}", mail.Id, attempts, gaveUp ? "; giving up" : "");
                var next = now + Backoff(attempts);
                await db.OutgoingMail.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.State, gaveUp ? MailState.Failed : MailState.Pending)
                    .SetProperty(m => m.NextAttemptUtc, next).SetProperty(m => m.LastError, error), cancellationToken);
            }
        }

        return sent;
    }

    /// <summary>The wait after the given failed attempt: 30 s, doubling, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Max(0, attempts - 1))));
}
