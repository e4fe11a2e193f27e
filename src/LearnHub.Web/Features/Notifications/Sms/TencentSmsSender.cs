using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LearnHub.Courses.Notifications;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Notifications.Sms;

/// <summary>
/// Tencent Cloud SMS (腾讯云短信) through its HTTPS API: action SendSms of version 2021-01-11, a JSON POST signed
/// with TC3-HMAC-SHA256. Tencent answers HTTP 200 with either Response.SendStatusSet (a Code per number, "Ok" when
/// accepted, and the message's SerialNo) or Response.Error (a Code such as AuthFailure.SignatureFailure).
/// </summary>
internal sealed class TencentSmsSender(IHttpClientFactory http, IOptions<SmsOptions> options, TimeProvider clock) : ISmsSender
{
    public const string HttpClientName = "LearnHub.Sms";

    public const string Action = "SendSms";

    public const string Version = "2021-01-11";

    private const string Service = "sms";

    private const string Algorithm = "TC3-HMAC-SHA256";

    private const string SignedHeaders = "content-type;host;x-tc-action";

    public async Task<SmsResult> SendAsync(string mobile, SmsTemplate kind, IReadOnlyList<string> parameters, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = JsonSerializer.Serialize(new
        {
            PhoneNumberSet = new[] { "+86" + mobile },
            SmsSdkAppId = settings.SdkAppId,
            settings.SignName,
            TemplateId = settings.TemplateId(kind),
            TemplateParamSet = parameters,
        });
        using var content = new StringContent(body, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint) { Content = content };
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add("X-TC-Action", Action);
        request.Headers.Add("X-TC-Version", Version);
        request.Headers.Add("X-TC-Region", settings.Region);
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Authorization",
            Authorization(settings.SecretId, settings.SecretKey, settings.Endpoint.Authority, content.Headers.ContentType!.ToString(), body, timestamp));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new SmsResult(SmsOutcome.TryLater, Error: $"HTTP {(int)response.StatusCode}");
            }

            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return Read(answer.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The provider could not be reached, timed out or answered something unreadable: nothing says it was refused.
            return new SmsResult(SmsOutcome.TryLater, Error: e.GetType().Name + ": " + e.Message);
        }
    }

    private static SmsResult Read(JsonElement root)
    {
        if (!root.TryGetProperty("Response", out var response))
        {
            return new SmsResult(SmsOutcome.TryLater, Error: "no Response in the answer");
        }

        if (response.TryGetProperty("Error", out var error))
        {
            return Failed(Text(error, "Code"), Text(error, "Message"));
        }

        if (response.TryGetProperty("SendStatusSet", out var statuses) && statuses.ValueKind == JsonValueKind.Array && statuses.GetArrayLength() > 0)
        {
            var status = statuses[0];
            var code = Text(status, "Code");
            return code == "Ok" ? new SmsResult(SmsOutcome.Sent, MessageId: Text(status, "SerialNo")) : Failed(code, Text(status, "Message"));
        }

        return new SmsResult(SmsOutcome.TryLater, Error: "no SendStatusSet in the answer");
    }

    /// <summary>Limits, the provider's internal errors and an empty balance pass; credentials, numbers, signatures and templates do not.</summary>
    private static SmsResult Failed(string code, string message)
    {
        var passing = code.StartsWith("LimitExceeded", StringComparison.Ordinal) || code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal)
            || code.StartsWith("InternalError", StringComparison.Ordinal) || code.StartsWith("ResourceUnavailable", StringComparison.Ordinal)
            || code == "FailedOperation.InsufficientBalanceInSmsPackage";
        return new SmsResult(passing ? SmsOutcome.TryLater : SmsOutcome.Refused, Error: $"{code}: {message}");
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    /// <summary>
    /// The TC3-HMAC-SHA256 Authorization header: the canonical request (method, path "/", empty query, the signed
    /// headers in lower case, the body's SHA-256) is hashed into the string to sign, which is signed with a key
    /// derived from the secret through the UTC date, the service and "tc3_request".
    /// </summary>
    internal static string Authorization(string secretId, string secretKey, string host, string contentType, string body, long timestamp)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var canonicalHeaders = $"content-type:{contentType.ToLowerInvariant()}\nhost:{host.ToLowerInvariant()}\nx-tc-action:{Action.ToLowerInvariant()}\n";
        var canonicalRequest = $"POST\n/\n\n{canonicalHeaders}\n{SignedHeaders}\n{Sha256Hex(body)}";
        var scope = $"{date}/{Service}/tc3_request";
        var toSign = $"{Algorithm}\n{timestamp.ToString(CultureInfo.InvariantCulture)}\n{scope}\n{Sha256Hex(canonicalRequest)}";
        var key = Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), date), Service), "tc3_request");
        var signature = Convert.ToHexStringLower(Hmac(key, toSign));
        return $"{Algorithm} Credential={secretId}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}";
    }

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
