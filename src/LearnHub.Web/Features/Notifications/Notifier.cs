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
/// configured. Any feature may call it; a failing mail server never fails the caller.
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
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (message.OnceKey is not null)
        {
            // Two nodes sent the same reminder at once; the unique key kept one.
            db.Entry(notification).State = EntityState.Detached;
            return;
        }

        if (email.Enabled && user.Email is { Length: > 0 } address)
        {
            // Mail goes out in Chinese, the programme's language; the in-app text follows the reader's choice.
            var previous = CultureInfo.CurrentUICulture;
            try
            {
                CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
                var (title, body) = Render(notification);
                await email.SendAsync(address, title, body + "\n\n" + email.AbsoluteLink(notification.Link), cancellationToken);
            }
            catch (Exception e) when (e is System.Net.Mail.SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning(e, "Mail to user {UserId} failed", user.Id);
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }

    public (string Title, string Body) Render(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var args = notification.ArgumentList.Cast<object>().ToArray();
        return (t[notification.MessageKey + ".Title", args], t[notification.MessageKey + ".Body", args]);
    }
}
