using System.Text.Json;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Courses.Registry.People;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Notifications.Sms;

/// <summary>
/// Puts a text message into the outbox (<see cref="OutgoingSms"/>) for <see cref="SmsWorker"/> to send. The
/// parameters may hold a one-time code, so they are stored protected (data protection, purpose "LearnHub.Sms":
/// the key ring every node shares) and the worker clears them once the message has gone or been given up.
/// <see cref="Add"/> only adds the row, so it is saved with the caller's own change; <see cref="QueueAsync"/> saves it.
/// </summary>
public sealed class SmsOutbox(CoursesDbContext db, SmsParameters protection, IOptions<SmsOptions> options, IOptions<SmtpOptions> smtp, TimeProvider clock)
{
    /// <summary>Whether SMS is configured; when it is not, nothing should be queued.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>The site's address before a path: LearnHub:Sms:PublicUrl, or the one mail uses.</summary>
    public string AbsoluteLink(string path) =>
        ((options.Value.PublicUrl is { Length: > 0 } url ? url : smtp.Value.PublicUrl)?.TrimEnd('/') ?? "") + path;

    /// <param name="mobile">A mainland mobile number in any form people write it; it is stored normalised.</param>
    /// <param name="expires">When the message is useless (a code's end); an unsent message is given up then.</param>
    public OutgoingSms Add(string mobile, SmsTemplate template, IReadOnlyList<string> parameters, DateTimeOffset? expires)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!MobileNumber.TryNormalize(mobile, out var to))
        {
            throw new ArgumentException("Not a mainland mobile number.", nameof(mobile));
        }

        var now = clock.GetUtcNow();
        return db.OutgoingSms.Add(new OutgoingSms
        {
            To = to, Template = template, Parameters = protection.Protect(parameters), CreatedAt = now, NextAttemptUtc = now.UtcDateTime,
            ExpiresUtc = expires?.UtcDateTime,
        }).Entity;
    }

    public async Task<OutgoingSms> QueueAsync(string mobile, SmsTemplate template, IReadOnlyList<string> parameters, DateTimeOffset? expires,
        CancellationToken cancellationToken)
    {
        var sms = Add(mobile, template, parameters, expires);
        await db.SaveChangesAsync(cancellationToken);
        return sms;
    }
}

/// <summary>Protects an outgoing message's parameters for storage and reads them back for sending.</summary>
public sealed class SmsParameters(IDataProtectionProvider provider)
{
    public const string Purpose = "LearnHub.Sms";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(IReadOnlyList<string> parameters) => _protector.Protect(JsonSerializer.Serialize(parameters));

    /// <summary>Throws CryptographicException when the key that protected them is gone.</summary>
    public IReadOnlyList<string> Unprotect(string stored) => JsonSerializer.Deserialize<string[]>(_protector.Unprotect(stored)) ?? [];
}
