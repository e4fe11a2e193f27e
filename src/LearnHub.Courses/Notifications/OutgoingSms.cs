namespace LearnHub.Courses.Notifications;

/// <summary>What an SMS says: each kind is one template registered with the SMS provider.</summary>
public enum SmsTemplate
{
    /// <summary>A one-time code (activation or password reset); one parameter, the code.</summary>
    Code = 1,
    /// <summary>A notification: its title and a short link.</summary>
    Notice = 2,
}

/// <summary>
/// An SMS in the outbox (短信发件箱), sent by a background worker with retries like <see cref="OutgoingMail"/>.
/// The parameters are kept encrypted by the web host (they may hold a one-time code) and cleared once the
/// message has gone or been given up, so no code outlives its sending in readable form.
/// </summary>
public sealed class OutgoingSms
{
    public long Id { get; set; }

    /// <summary>The normalised mainland mobile number.</summary>
    public string To { get; set; } = "";

    public SmsTemplate Template { get; set; }

    /// <summary>The template's parameters, protected by the host; empty once sent or given up.</summary>
    public string Parameters { get; set; } = "";

    public MailState State { get; set; } = MailState.Pending;

    public int Attempts { get; set; }

    /// <summary>Not before this (UTC); a DateTime so SQLite compares it in SQL.</summary>
    public DateTime NextAttemptUtc { get; set; }

    /// <summary>Not after this (UTC): a code that could not be sent in time is useless, so it is given up.</summary>
    public DateTime? ExpiresUtc { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The provider's id for the message, for tracing a delivery with them.</summary>
    public string ProviderMessageId { get; set; } = "";

    public string LastError { get; set; } = "";
}
