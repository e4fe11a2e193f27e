using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Notifications.Sms;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Notifications;

/// <summary>What to tell someone: a resource key ("{Key}.Title", "{Key}.Body"), its arguments and a link.</summary>
public sealed record NotificationMessage(string Key, IReadOnlyList<string> Arguments, string Link, string? OnceKey = null);

/// <summary>
/// The one way LearnHub tells a user something: always an in-app notification, and on the channels the user chose
/// (<see cref="AppUser.NotifyBy"/>) an e-mail when SMTP is configured and they have an address, and an SMS when SMS
/// is configured and they have a mobile number, each queued in its outbox. Any feature may call it; a failing mail
/// server or SMS provider never fails the caller.
/// </summary>
public sealed class Notifier(
    CoursesDbContext db,
    UserManager<AppUser> users,
    EmailOutbox email,
    SmsOutbox sms,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock,
    ILogger<Notifier> logger)
{
    /// <summary>The longest link put into an SMS; a longer one is replaced by the list of notifications.</summary>
    public const int SmsLinkLength = 60;

    /// <summary>A title this long still leaves the message one billed SMS with the signature and the link.</summary>
    public const int SmsTitleLength = 20;

    /// <summary>
    /// Notifies the accounts linked to a person record (trainees); people without an account are skipped. True when
    /// any account was told now (false when none exists or each had this once-only message already).
    /// </summary>
    public async Task<bool> NotifyPersonAsync(int personId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        var accounts = await users.Users.Where(u => u.PersonId == personId).ToListAsync(cancellationToken);
        var told = false;
        foreach (var account in accounts)
        {
            told |= await NotifyAsync(account, message, cancellationToken);
        }

        return told;
    }

    /// <summary>Tells one account; false when a once-only message had reached it already.</summary>
    public async Task<bool> NotifyAsync(AppUser user, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(message);
        if (message.OnceKey is { } once && await db.Notifications.AnyAsync(n => n.UserId == user.Id && n.OnceKey == once, cancellationToken))
        {
            return false;
        }

        var notification = db.Notifications.Add(new Notification
        {
            UserId = user.Id, MessageKey = message.Key, Arguments = string.Join(Notification.Separator, message.Arguments),
            Link = message.Link, OnceKey = message.OnceKey, CreatedAt = clock.GetUtcNow(),
        }).Entity;
        // The mail and the SMS go into their outboxes in the same save as the notification: all or none, and the
        // workers send them (with retries), so a slow or failing provider never holds up the caller. A disabled
        // account (its person left the roster) keeps its in-app list but is sent nothing.
        var reachable = user.DisabledAt is null;
        var mail = reachable && user.NotifyBy.HasFlag(NotificationChannels.Email) && email.Enabled && user.Email is { Length: > 0 } address
            ? Mail(address, notification) : null;
        var text = reachable && user.NotifyBy.HasFlag(NotificationChannels.Sms) && sms.Enabled && MobileNumber.TryNormalize(user.PhoneNumber, out var mobile)
            ? Text(mobile, notification) : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (message.OnceKey is not null)
        {
            // Two nodes sent the same reminder at once; the unique key kept one.
            foreach (var entity in new object?[] { notification, mail, text })
            {
                if (entity is not null)
                {
                    db.Entry(entity).State = EntityState.Detached;
                }
            }

            logger.LogDebug("Notification {OnceKey} for user {UserId} was already sent", message.OnceKey, user.Id);
            return false;
        }
    }

    private OutgoingMail Mail(string address, Notification notification)
    {
        var (title, body) = InChinese(notification);
        return email.Add(address, title, body + "\n\n" + email.AbsoluteLink(notification.Link));
    }

    /// <summary>The notice template's two parameters: the title, cut to <see cref="SmsTitleLength"/>, and the page's address.</summary>
    private OutgoingSms Text(string mobile, Notification notification)
    {
        var (title, _) = InChinese(notification);
        title = title.Length <= SmsTitleLength ? title : title[..(SmsTitleLength - 1)] + "…";
        var link = sms.AbsoluteLink(notification.Link);
        if (link.Length > SmsLinkLength)
        {
            // The template's link parameter has a length the provider approved; the list of notifications holds this one too.
            link = sms.AbsoluteLink("/notifications");
        }

        return sms.Add(mobile, SmsTemplate.Notice, [title, link], expires: null);
    }

    /// <summary>Mail and SMS go out in Chinese, the programme's language; the in-app text follows the reader's choice.</summary>
    private (string Title, string Body) InChinese(Notification notification)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            return Render(notification);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public (string Title, string Body) Render(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        // An argument may itself be a text of LearnHub's ("to be announced"), shown in the reader's language.
        var args = notification.ArgumentList
            .Select(a => a.Length > 1 && a[0] == Notification.TextPrefix ? (object)t[a[1..]].Value : a).ToArray();
        return (t[notification.MessageKey + ".Title", args], t[notification.MessageKey + ".Body", args]);
    }
}
