using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearnHub.Web.Tests.Support;

/// <summary>One message the provider accepted: the number as sent (+86…), the template and its parameters.</summary>
public sealed record SmsProviderMessage(string PhoneNumber, string TemplateId, IReadOnlyList<string> Parameters, string SdkAppId, string SignName, string SerialNo);

/// <summary>
/// A local stand-in for Tencent Cloud SMS: a real Kestrel server on a loopback port that answers the SendSms API
/// (version 2021-01-11) as the provider does. It checks each request's TC3-HMAC-SHA256 signature with its own secret
/// (a request signed otherwise gets Tencent's AuthFailure.SignatureFailure answer), records what it accepted, and can
/// be told to fail the next requests. Give the app <see cref="Settings"/>:
/// <code>
/// await using var sms = await SmsProviderServer.StartAsync(clock: factory.Clock);
/// builder.UseSetting(key, value) for each of sms.Settings; … sms.Messages; sms.FailNext(2);
/// </code>
/// </summary>
public sealed class SmsProviderServer : ILocalServer
{
    public const string DefaultSecretId = "AKIDlearnhubtest";
    public const string DefaultSecretKey = "learnhub-test-secret";
    public const string SdkAppId = "1400000001";
    public const string SignName = "LearnHub";
    public const string CodeTemplateId = "100001";
    public const string NoticeTemplateId = "100002";

    private readonly WebApplication _app;
    private readonly string _secretId;
    private readonly string _secretKey;
    private readonly TimeProvider? _clock;
    private readonly Lock _lock = new();
    private readonly List<SmsProviderMessage> _messages = [];
    private readonly List<(string? Phone, string Error)> _failures = [];
    private int _requests;

    private SmsProviderServer(WebApplication app, string secretId, string secretKey, TimeProvider? clock)
    {
        _app = app;
        _secretId = secretId;
        _secretKey = secretKey;
        _clock = clock;
    }

    /// <summary>The address to give the app as LearnHub:Sms:Endpoint.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>
    /// Starts the server. With a <paramref name="clock"/>, a request whose X-TC-Timestamp is more than five minutes
    /// from it is refused as the provider refuses one (AuthFailure.SignatureExpire).
    /// </summary>
    public static async Task<SmsProviderServer> StartAsync(string secretId = DefaultSecretId, string secretKey = DefaultSecretKey, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SmsProviderServer(app, secretId, secretKey, clock);
        app.MapPost("/", (Func<HttpContext, Task<IResult>>)server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The configuration that points the app at this server with SMS enabled.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["LearnHub:Sms:Enabled"] = "true",
        ["LearnHub:Sms:Endpoint"] = Endpoint.ToString(),
        ["LearnHub:Sms:Region"] = "ap-guangzhou",
        ["LearnHub:Sms:SecretId"] = _secretId,
        ["LearnHub:Sms:SecretKey"] = _secretKey,
        ["LearnHub:Sms:SdkAppId"] = SdkAppId,
        ["LearnHub:Sms:SignName"] = SignName,
        ["LearnHub:Sms:CodeTemplateId"] = CodeTemplateId,
        ["LearnHub:Sms:NoticeTemplateId"] = NoticeTemplateId,
        ["LearnHub:Sms:PublicUrl"] = "https://learnhub.example",
    };

    /// <summary>What was accepted, in order.</summary>
    public IReadOnlyList<SmsProviderMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToList();
            }
        }
    }

    /// <summary>Every request that reached the server, accepted or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// Answers the next <paramref name="times"/> correctly signed requests with an error: a Tencent error code
    /// (retryable ones: "RequestLimitExceeded", "LimitExceeded.PhoneNumberThirtySecondLimit", "InternalError.Timeout";
    /// permanent ones: "FailedOperation.TemplateIncorrectOrUnapproved", "InvalidParameterValue.IncorrectPhoneNumber"),
    /// or "HTTP 500" (any status) for a bare HTTP failure. With a <paramref name="mobile"/> (11 digits), only requests
    /// to that number fail, so messages the app sends to others meanwhile do not use the failures up.
    /// </summary>
    public void FailNext(int times, string error = "RequestLimitExceeded", string? mobile = null)
    {
        lock (_lock)
        {
            for (var i = 0; i < times; i++)
            {
                _failures.Add((mobile is null ? null : "+86" + mobile, error));
            }
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        if (headers["X-TC-Action"] != "SendSms" || headers["X-TC-Version"] != "2021-01-11" || string.IsNullOrEmpty(headers["X-TC-Region"]))
        {
            return Error("InvalidAction", "The action or version is not SendSms 2021-01-11.");
        }

        if (Verify(context.Request, body) is { } refusal)
        {
            return Error(refusal.Code, refusal.Message);
        }

        var request = JsonNode.Parse(body)!.AsObject();
        var phones = request["PhoneNumberSet"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        string? failure = null;
        lock (_lock)
        {
            var index = _failures.FindIndex(f => f.Phone is null || phones.Contains(f.Phone));
            if (index >= 0)
            {
                failure = _failures[index].Error;
                _failures.RemoveAt(index);
            }
        }

        if (failure is not null)
        {
            return failure.StartsWith("HTTP ", StringComparison.Ordinal)
                ? Results.StatusCode(int.Parse(failure[5..], CultureInfo.InvariantCulture))
                : Error(failure, "Failing as the test asked.");
        }

        var parameters = request["TemplateParamSet"]?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? [];
        var statuses = new JsonArray();
        foreach (var phone in phones)
        {
            var serial = "2433:" + Guid.NewGuid().ToString("N");
            lock (_lock)
            {
                _messages.Add(new SmsProviderMessage(phone, request["TemplateId"]!.GetValue<string>(), parameters,
                    request["SmsSdkAppId"]!.GetValue<string>(), request["SignName"]!.GetValue<string>(), serial));
            }

            statuses.Add(new JsonObject
            {
                ["SerialNo"] = serial, ["PhoneNumber"] = phone, ["Fee"] = 1, ["SessionContext"] = "", ["Code"] = "Ok",
                ["Message"] = "send success", ["IsoCode"] = "CN",
            });
        }

        return Answer(new JsonObject { ["SendStatusSet"] = statuses });
    }

    /// <summary>Checks the Authorization header as Tencent does: credential, scope, signed headers and the signature itself.</summary>
    private (string Code, string Message)? Verify(HttpRequest request, string body)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string Algorithm = "TC3-HMAC-SHA256 ";
        if (!authorization.StartsWith(Algorithm, StringComparison.Ordinal)
            || !long.TryParse(request.Headers["X-TC-Timestamp"], CultureInfo.InvariantCulture, out var timestamp))
        {
            return ("AuthFailure.SignatureFailure", "The Authorization header or the timestamp is missing.");
        }

        var parts = authorization[Algorithm.Length..].Split(", ").Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return ("AuthFailure.SignatureFailure", "The Authorization header is incomplete.");
        }

        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var scope = $"{date}/sms/tc3_request";
        if (credential != $"{_secretId}/{scope}")
        {
            return ("AuthFailure.SecretIdNotFound", "The SecretId or the credential scope is wrong.");
        }

        if (_clock is not null && Math.Abs(_clock.GetUtcNow().ToUnixTimeSeconds() - timestamp) > 300)
        {
            return ("AuthFailure.SignatureExpire", "The request's timestamp is more than five minutes off.");
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("content-type") || !names.Contains("host"))
        {
            return ("AuthFailure.SignatureFailure", "content-type and host must be signed.");
        }

        var canonicalHeaders = string.Concat(names.Select(n => $"{n}:{(n == "host" ? request.Host.Value ?? "" : request.Headers[n].ToString()).Trim().ToLowerInvariant()}\n"));
        var canonical = $"{request.Method}\n/\n\n{canonicalHeaders}\n{signedHeaders}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var toSign = $"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("TC3" + _secretKey);
        foreach (var step in new[] { date, "sms", "tc3_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(step));
        }

        var expected = Encoding.ASCII.GetBytes(Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign))));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature))
            ? null
            : ("AuthFailure.SignatureFailure", "The provided credentials could not be validated. Please check your signature is correct.");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static IResult Error(string code, string message) =>
        Answer(new JsonObject { ["Error"] = new JsonObject { ["Code"] = code, ["Message"] = message } });

    /// <summary>Tencent answers 200 with everything inside "Response", a RequestId included.</summary>
    private static IResult Answer(JsonObject response)
    {
        response["RequestId"] = Guid.NewGuid().ToString();
        return Results.Text(new JsonObject { ["Response"] = response }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            "application/json", Encoding.UTF8);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
