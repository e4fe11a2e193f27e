using System.Security.Cryptography;
using System.Text.Json;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Notifications.Sms;

/// <summary>
/// Sends the SMS outbox (<see cref="OutgoingSms"/>) like <see cref="MailWorker"/> sends mail: a due row is claimed
/// with a conditional update on its attempt count (two nodes never send one message), a message the provider could
/// not take now waits 30 s, then twice as long each time, and is given up after <see cref="SmsOptions.MaxAttempts"/>
/// attempts, at once when the provider refuses it for good, and when its <see cref="OutgoingSms.ExpiresUtc"/> has
/// passed. Once a message has gone or been given up its parameters are cleared. Parameters are never logged.
/// </summary>
internal sealed class SmsWorker(IServiceScopeFactory scopes, ISmsSender sender, IOptions<SmsOptions> options, TimeProvider clock, ILogger<SmsWorker> logger)
    : OutboxWorker(clock, logger)
{
    protected override bool Enabled => options.Value.Enabled;

    protected override int PollSeconds => options.Value.PollSeconds;

    protected override Task SendDueAsync(CancellationToken cancellationToken) =>
        RunOnceAsync(scopes, sender, options.Value, Clock, Logger, cancellationToken);

    /// <summary>Sends what is due and gives up what has expired; returns how many were sent.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, ISmsSender sender, SmsOptions options, TimeProvider clock, ILogger logger,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var parameters = scope.ServiceProvider.GetRequiredService<SmsParameters>();
        var now = clock.GetUtcNow().UtcDateTime;
        var expired = await db.OutgoingSms.Where(m => m.State == MailState.Pending && m.ExpiresUtc != null && m.ExpiresUtc <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.State, MailState.Failed).SetProperty(m => m.Parameters, "")
                .SetProperty(m => m.LastError, "expired before it could be sent"), cancellationToken);
        if (expired > 0)
        {
            logger.LogWarning("{Count} text messages expired before they could be sent", expired);
        }

        var due = await db.OutgoingSms.AsNoTracking().Where(m => m.State == MailState.Pending && m.NextAttemptUtc <= now)
            .OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var sms in due)
        {
            var claimed = await db.OutgoingSms.Where(m => m.Id == sms.Id && m.State == MailState.Pending && m.Attempts == sms.Attempts)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Attempts, sms.Attempts + 1).SetProperty(m => m.NextAttemptUtc, now + Claim), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var attempts = sms.Attempts + 1;
            SmsResult result;
            try
            {
                result = await sender.SendAsync(sms.To, sms.Template, parameters.Unprotect(sms.Parameters), cancellationToken);
            }
            catch (Exception e) when (e is CryptographicException or JsonException)
            {
                // The key ring that protected them is gone: no node can read this message any more.
                result = new SmsResult(SmsOutcome.Refused, Error: "the parameters can no longer be read");
            }

            if (result.Outcome == SmsOutcome.Sent)
            {
                await db.OutgoingSms.Where(m => m.Id == sms.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.State, MailState.Sent)
                    .SetProperty(m => m.SentAt, clock.GetUtcNow()).SetProperty(m => m.Parameters, "")
                    .SetProperty(m => m.ProviderMessageId, Clip(result.MessageId, FieldLimits.Code)).SetProperty(m => m.LastError, ""), cancellationToken);
                sent++;
                continue;
            }

            var gaveUp = result.Outcome == SmsOutcome.Refused || attempts >= options.MaxAttempts;
            logger.LogWarning("Text message {SmsId} ({Template}) attempt {Attempt} failed{GaveUp}: {Error}", sms.Id, sms.Template, attempts,
                gaveUp ? "; giving up" : "", result.Error);
            var next = now + Backoff(attempts);
            var error = Stored(result.Error);
            await db.OutgoingSms.Where(m => m.Id == sms.Id).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.State, gaveUp ? MailState.Failed : MailState.Pending)
                .SetProperty(m => m.Parameters, m => gaveUp ? "" : m.Parameters)
                .SetProperty(m => m.NextAttemptUtc, next).SetProperty(m => m.LastError, error), cancellationToken);
        }

        return sent;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
