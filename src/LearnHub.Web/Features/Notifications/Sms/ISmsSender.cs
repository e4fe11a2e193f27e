using LearnHub.Courses.Notifications;

namespace LearnHub.Web.Features.Notifications.Sms;

/// <summary>What became of one message handed to the provider.</summary>
public enum SmsOutcome
{
    Sent = 1,
    /// <summary>Not sent now (a limit, a timeout, the provider's own fault): try again later.</summary>
    TryLater = 2,
    /// <summary>Refused for good (bad credentials, an invalid number, a template not approved): trying again cannot help.</summary>
    Refused = 3,
}

/// <param name="MessageId">The provider's id for a sent message (Tencent's SerialNo).</param>
/// <param name="Error">The provider's error code and message, never the parameters.</param>
public sealed record SmsResult(SmsOutcome Outcome, string MessageId = "", string Error = "");

/// <summary>Hands one text message to an SMS provider. Implementations never log the parameters: they may hold a code.</summary>
public interface ISmsSender
{
    /// <param name="mobile">A normalised mainland mobile number (11 digits).</param>
    Task<SmsResult> SendAsync(string mobile, SmsTemplate kind, IReadOnlyList<string> parameters, CancellationToken cancellationToken);
}
