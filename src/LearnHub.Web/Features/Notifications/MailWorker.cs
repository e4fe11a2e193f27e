using System.Net.Sockets;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LearnHub.Web.Features.Notifications;

/// <summary>
/// Sends the outbox (<see cref="OutgoingMail"/>) through SMTP. A failed mail is tried again later, each
/// wait twice the last (30 s, 1 min, 2 min … at most an hour), and given up after
/// <see cref="SmtpOptions.MaxAttempts"/> attempts, or at once when the address cannot be read or the server
/// refuses the recipient for good (a 5xx answer). Rows are claimed with a conditional update before
/// sending, so two nodes never send the same mail, and a mail claimed by a node that stopped mid-send is
/// picked up again once its claim runs out.
/// </summary>
internal sealed class MailWorker(IServiceScopeFactory scopes, EmailSender sender, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<MailWorker> logger)
    : OutboxWorker(clock, logger)
{
    protected override bool Enabled => sender.Enabled;

    protected override int PollSeconds => options.Value.PollSeconds;

    protected override Task SendDueAsync(CancellationToken cancellationToken) =>
        RunOnceAsync(scopes, sender, options.Value, Clock, Logger, cancellationToken);

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
            catch (Exception e) when (e is CommandException or ProtocolException or ServiceNotConnectedException or AuthenticationException
                or SslHandshakeException or IOException or SocketException or TimeoutException or InvalidOperationException or ParseException
                or FormatException)
            {
                var gaveUp = attempts >= options.MaxAttempts || Permanent(e);
                logger.LogWarning(e, "Mail {MailId} attempt {Attempt} failed{GaveUp}", mail.Id, attempts, gaveUp ? "; giving up" : "");
                var next = now + Backoff(attempts);
                var error = Stored(e.Message);
                await db.OutgoingMail.Where(m => m.Id == mail.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(m => m.State, gaveUp ? MailState.Failed : MailState.Pending)
                    .SetProperty(m => m.NextAttemptUtc, next).SetProperty(m => m.LastError, error), cancellationToken);
            }
        }

        return sent;
    }

    /// <summary>An address that cannot be read, or one the server refuses for good: trying again cannot help.</summary>
    private static bool Permanent(Exception e) =>
        e is ParseException or FormatException
        || e is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } refused && (int)refused.StatusCode >= 500;
}
