using LearnHub.Courses.Notifications;

namespace LearnHub.Web.Features.Notifications.Sms;

/// <summary>
/// Text messages (LearnHub:Sms) through Tencent Cloud SMS; off unless Enabled. The secret is given by configuration
/// or the environment (LearnHub__Sms__SecretKey), never kept in the repository.
/// </summary>
public sealed class SmsOptions
{
    public const string Section = "LearnHub:Sms";

    public bool Enabled { get; set; }

    /// <summary>The provider's API address; tests point it at a local server.</summary>
    public Uri Endpoint { get; set; } = new("https://sms.tencentcloudapi.com/");

    public string Region { get; set; } = "ap-guangzhou";

    public string SecretId { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>The SMS application's id (SdkAppId) in the provider's console.</summary>
    public string SdkAppId { get; set; } = "";

    /// <summary>The approved signature shown at the head of each message (签名).</summary>
    public string SignName { get; set; } = "";

    /// <summary>The approved template for a one-time code; one parameter, the code.</summary>
    public string CodeTemplateId { get; set; } = "";

    /// <summary>The approved template for a notification; two parameters, its title and its link.</summary>
    public string NoticeTemplateId { get; set; } = "";

    /// <summary>How often the outbox is looked at, in seconds.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Attempts before a message is given up (the waits between them double from 30 s).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The site's public address, for links in messages; when empty, LearnHub:Smtp:PublicUrl is used.</summary>
    public string? PublicUrl { get; set; }

    public string TemplateId(SmsTemplate template) => template switch
    {
        SmsTemplate.Code => CodeTemplateId,
        SmsTemplate.Notice => NoticeTemplateId,
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, null),
    };

    /// <summary>What is wrong with the settings, each naming its key; none when SMS is off.</summary>
    public IEnumerable<string> Problems()
    {
        if (PollSeconds is < 1 or > 3600)
        {
            yield return $"{Section}:PollSeconds must be between 1 and 3600.";
        }

        if (MaxAttempts is < 1 or > 20)
        {
            yield return $"{Section}:MaxAttempts must be between 1 and 20.";
        }

        if (!Enabled)
        {
            yield break;
        }

        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("https" or "http"))
        {
            yield return $"{Section}:Endpoint must be an absolute http(s) address.";
        }

        foreach (var (key, value) in new[]
                 {
                     ("SecretId", SecretId), ("SecretKey", SecretKey), ("SdkAppId", SdkAppId), ("SignName", SignName),
                     ("CodeTemplateId", CodeTemplateId), ("NoticeTemplateId", NoticeTemplateId), ("Region", Region),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return $"{Section}:{key} is needed when {Section}:Enabled is true.";
            }
        }
    }
}
