using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;

namespace LearnHub.Web.Features.Notifications;

/// <summary>
/// Puts a mail into the outbox (<see cref="OutgoingMail"/>) for <see cref="MailWorker"/> to send with retries.
/// <see cref="Add"/> only adds the row, so it is saved with the caller's own change (both or neither);
/// <see cref="QueueAsync"/> saves it at once, for a message that stands alone (a password-reset link).
/// </summary>
public sealed class EmailOutbox(CoursesDbContext db, EmailSender email, TimeProvider clock)
{
    /// <summary>Whether mail is configured; a caller with another way to reach the person may choose it instead.</summary>
    public bool Enabled => email.Enabled;

    /// <summary>The site's address before a path, for links in the text.</summary>
    public string AbsoluteLink(string path) => email.AbsoluteLink(path);

    public OutgoingMail Add(string to, string subject, string body)
    {
        var now = clock.GetUtcNow();
        return db.OutgoingMail.Add(new OutgoingMail
        {
            To = to, Subject = Clip(subject, FieldLimits.Title), Body = Clip(body, FieldLimits.LongText), CreatedAt = now, NextAttemptUtc = now.UtcDateTime,
        }).Entity;
    }

    public async Task<OutgoingMail> QueueAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var mail = Add(to, subject, body);
        await db.SaveChangesAsync(cancellationToken);
        return mail;
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
