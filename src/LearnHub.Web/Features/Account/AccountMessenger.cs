using System.Globalization;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Features.Notifications.Sms;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Account;

/// <summary>
/// Sends what the account pages send: a reset code by SMS and a reset link by e-mail, both through the outboxes,
/// so a slow provider never holds up the page and nothing is lost when the process stops.
/// </summary>
public sealed class AccountMessenger(EmailOutbox email, SmsOutbox sms, IStringLocalizer<SharedResource> t)
{
    public bool MailEnabled => email.Enabled;

    public bool SmsEnabled => sms.Enabled;

    /// <summary>Queues a one-time code for a mobile number; it is given up if it cannot be sent before it expires.</summary>
    public Task SendCodeAsync(string mobile, string code, DateTimeOffset expires, CancellationToken cancellationToken) =>
        sms.QueueAsync(mobile, SmsTemplate.Code, [code], expires, cancellationToken);

    /// <summary>Queues the reset link (absolute) for an address, in Chinese like all of LearnHub's mail.</summary>
    public async Task SendResetLinkAsync(string address, string link, CancellationToken cancellationToken)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            await email.QueueAsync(address, t["Mail.Reset.Subject"], t["Mail.Reset.Body", link], cancellationToken);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
