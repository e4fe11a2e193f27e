using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LearnHub.Web.Features.Notifications;

/// <summary>Outgoing mail settings (LearnHub:Smtp); mail is off unless Enabled is true and Host is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "LearnHub:Smtp";

    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>STARTTLS when true and <see cref="Security"/> is not set (what it always meant).</summary>
    public bool EnableSsl { get; set; }

    /// <summary>
    /// How the connection is secured: None, Auto, SslOnConnect (port 465), StartTls or StartTlsWhenAvailable.
    /// When not set, <see cref="EnableSsl"/> decides between StartTls and None.
    /// </summary>
    public SecureSocketOptions? Security { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "LearnHub <noreply@learnhub.example>";

    /// <summary>How often the outbox is looked at, in seconds.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Attempts before a mail is given up (the waits between them double from 30 s to at most an hour).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The site's public address, for links in mail (e.g. https://learnhub.example).</summary>
    public string? PublicUrl { get; set; }

    internal SecureSocketOptions SocketOptions => Security ?? (EnableSsl ? SecureSocketOptions.StartTls : SecureSocketOptions.None);
}

/// <summary>Sends plain-text mail through the configured SMTP server (MailKit).</summary>
public sealed class EmailSender(Microsoft.Extensions.Options.IOptions<SmtpOptions> options)
{
    private SmtpOptions Options => options.Value;

    public bool Enabled => Options.Enabled && Options.Host.Length > 0;

    public string AbsoluteLink(string path) => (Options.PublicUrl?.TrimEnd('/') ?? "") + path;

    /// <summary>
    /// Sends one message. Throws MimeKit's ParseException for an address that cannot be read and MailKit's
    /// exceptions (or IOException, SocketException) when the server cannot be reached or refuses it.
    /// </summary>
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Options.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        // Base64 rather than quoted-printable: the text is mostly Chinese, so it is shorter, and a link is never split by a soft break.
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = body, ContentTransferEncoding = ContentEncoding.Base64 };

        using var client = new SmtpClient { Timeout = 15_000 };
        await client.ConnectAsync(Options.Host, Options.Port, Options.SocketOptions, cancellationToken);
        if (Options.UserName is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, Options.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
