namespace LearnHub.Courses.Notifications;

/// <summary>
/// An in-app notification (站内通知) for one user. The text is not stored: a message key and its
/// arguments are, so each reader sees it in their own language.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }

    /// <summary>The account's id (accounts live in the web host).</summary>
    public string UserId { get; set; } = "";

    /// <summary>Resource key prefix: "{Key}.Title" and "{Key}.Body" are the texts.</summary>
    public string MessageKey { get; set; } = "";

    /// <summary>Arguments of the texts, separated by <see cref="Separator"/>.</summary>
    public string Arguments { get; set; } = "";

    /// <summary>Where the notification leads, a local path.</summary>
    public string Link { get; set; } = "";

    /// <summary>Set for notifications that may be sent only once (a reminder), unique per user.</summary>
    public string? OnceKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public const char Separator = '\u001f';

    /// <summary>Marks an argument that is a resource key, rendered in the reader's language (see <see cref="Text"/>).</summary>
    public const char TextPrefix = '\u0002';

    /// <summary>An argument that stands for one of LearnHub's own texts rather than for data.</summary>
    public static string Text(string resourceKey) => TextPrefix + resourceKey;

    public string[] ArgumentList => Arguments.Length == 0 ? [] : Arguments.Split(Separator);
}
