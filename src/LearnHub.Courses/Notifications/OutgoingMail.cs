namespace LearnHub.Courses.Notifications;

public enum MailState
{
    Pending = 1,
    Sent = 2,
    /// <summary>Every attempt failed; kept for the record, never tried again.</summary>
    Failed = 3,
}

/// <summary>
/// A mail in the outbox (发件箱). It is written in the same database as the notification it carries,
/// and a background worker sends it, so a slow or unreachable mail server never holds up a request
/// and nothing is lost when the process stops: what was not sent is still here at the next start.
/// </summary>
public sealed class OutgoingMail
{
    public long Id { get; set; }

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public MailState State { get; set; } = MailState.Pending;

    public int Attempts { get; set; }

    /// <summary>
    /// Not before this (UTC). A DateTime rather than a DateTimeOffset because SQLite compares it in SQL
    /// only in this form, and the worker asks for what is due.
    /// </summary>
    public DateTime NextAttemptUtc { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string LastError { get; set; } = "";
}
