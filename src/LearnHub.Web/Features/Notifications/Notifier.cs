using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Notifications;

/// <summary>What to tell someone: a resource key ("{Key}.Title", "{Key}.Body"), its arguments and a link.</summary>
public sealed record NotificationMessage(string Key, IReadOnlyList<string> Arguments, string Link, string? OnceKey = null);

/// <summary>
/// The one way LearnHub tells a user something: an in-app notification, and an e-mail when SMTP is
/// configured (queued in the outbox). Any feature may call it; a failing mail server never fails the caller.
/// </summary>
public sealed class Notifier(
    CoursesDbContext db,
    UserManager<AppUser> users,
    EmailSender email,
    IStringLocalizer<SharedResource> t,
    TimeProvider clock,
    ILogger<Notifier> logger)
{
    /// <summary>Notifies the accounts linked to a person record (trainees); people without an account are skipped.</summary>
    public async Task NotifyPersonAsync(int personId, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        var accounts = await users.Users.Where(u => u.PersonId == personId).ToListAsync(cancellationToken);
        foreach (var account in accounts)
        {
            await NotifyAsync(account, message, cancellationToken);
        }
    }

    public async Task NotifyAsync(AppUser user, NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(message);
        if (message.OnceKey is { } once && await db.Notifications.AnyAsync(n => n.UserId == user.Id && n.OnceKey == once, cancellationToken))
        {
            return;
        }

        var notification = db.Notifications.Add(new Notification
        {
            UserId = user.Id, MessageKey = message.Key, Arguments = string.Join(Notification.Separator, message.Arguments),
            Link = message.Link, OnceKey = message.OnceKey, CreatedAt = clock.GetUtcNow(),
        }).Entity;
        // The mail goes into the outbox in the same save as the notification: both or neither, and the
        // MailWorker sends it (with retries), so a slow or failing mail server never holds up the caller.
        var mail = email.Enabled && user.Email is { Length: > 0 } address ? db.OutgoingMail.Add(Mail(address, notification)).Entity : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (message.OnceKey is not null)
        {
            // Two nodes sent the same reminder at once; the unique key kept one.
            db.Entry(notification).State = EntityState.Detached;
            if (mail is not null)
            {
                db.Entry(mail).State = EntityState.Detached;
            }

            logger.LogDebug("Notification {OnceKey} for user {UserId} was already sent", message.OnceKey, user.Id);
        }
    }

    private OutgoingMail Mail(string address, Notification notification)
    {
        // Mail goes out in Chinese, the programme's language; the in-app text follows the reader's choice.
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var (title, body) = Render(notification);
            var now = clock.GetUtcNow();
            return new OutgoingMail
            {
                To = address, Subject = Clip(title, FieldLimits.Title), Body = Clip(body + "\n\n" + email.AbsoluteLink(notification.Link), FieldLimits.LongText),
                CreatedAt = now, NextAttemptUtc = now.UtcDateTime,
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    public (string Title, string Body) Render(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var args = notification.ArgumentList.Cast<object>().ToArray();
        return (t[notification.MessageKey + ".Title", args], t[notification.MessageKey + ".Body", args]);
    }
}
