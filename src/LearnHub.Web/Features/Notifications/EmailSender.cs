using System.Net;
using System.Net.Mail;

namespace LearnHub.Web.Features.Notifications;

/// <summary>Outgoing mail settings (LearnHub:Smtp); mail is off unless Enabled is true and Host is set.</summary>
public sealed class SmtpOptions
{
    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "LearnHub <noreply@learnhub.example>";

    /// <summary>How often the outbox is looked at, in seconds.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Attempts before a mail is given up (the waits between them double from 30 s to at most an hour).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The site's public address, for links in mail (e.g. https://learnhub.example).</summary>
    public string? PublicUrl { get; set; }
}

/// <summary>Sends plain-text mail through the configured SMTP server.</summary>
public sealed class EmailSender(Microsoft.Extensions.Options.IOptions<SmtpOptions> options)
{
    private SmtpOptions Options => options.Value;

    public bool Enabled => Options.Enabled && Options.Host.Length > 0;

    public string AbsoluteLink(string path) => (Options.PublicUrl?.TrimEnd('/') ?? "") + path;

    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        using var message = new MailMessage(MailAddressParser(Options.From), new MailAddress(to))
        {
            Subject = subject,
            Body = body,
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
        };
        using var client = new SmtpClient(Options.Host, Options.Port) { EnableSsl = Options.EnableSsl, Timeout = 15_000 };
        if (Options.UserName is { Length: > 0 } user)
        {
            client.Credentials = new NetworkCredential(user, Options.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
    }

    private static MailAddress MailAddressParser(string from) => new(from);
}
