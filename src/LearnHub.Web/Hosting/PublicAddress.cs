using LearnHub.Web.Features.Notifications;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Hosting;

/// <summary>
/// The address people reach LearnHub at (LearnHub:PublicUrl, e.g. https://learnhub.example.gov.cn). When it is set,
/// every absolute link LearnHub writes (mail, SMS, QR codes, calendar files, the OpenID Connect issuer) starts with
/// it, and requests naming another host are refused: a forged Host header can neither change the issuer nor plant
/// its own address in a password-reset mail or a cached calendar. When it is not set (the demo, a developer's
/// machine), links follow the address the request came to, so a phone on the same network can scan a check-in
/// code, and LearnHub warns at start-up outside the demo.
/// </summary>
public sealed class PublicAddress
{
    public const string Setting = "LearnHub:PublicUrl";

    /// <summary>The configured address without a trailing slash, or null.</summary>
    public string? Configured { get; }

    /// <summary>Where links start when set: the public address, else the address mail links were configured with.</summary>
    private readonly string? _links;

    /// <param name="mailUrl">LearnHub:Smtp:PublicUrl, which deployments set for links before the public address existed.</param>
    public PublicAddress(string? configured, string? mailUrl = null)
    {
        Configured = Normalize(configured);
        _links = Configured ?? (string.IsNullOrWhiteSpace(mailUrl) ? null : mailUrl.Trim().TrimEnd('/'));
    }

    /// <summary>
    /// Where links for people point (QR codes, calendar files, activation and reset links, certificates): the
    /// configured address, else the one this request came to. The one rule every absolute link follows.
    /// </summary>
    public string Base(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _links ?? $"{request.Scheme}://{request.Host}";
    }

    /// <summary>The host name calendar entries and the like are named after.</summary>
    public string Host(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Configured is { } configured ? new Uri(configured).Host : request.Host.Host;
    }

    /// <summary>
    /// An absolute http(s) address with nothing after its path; a trailing slash is dropped. Refuses anything else
    /// at start-up rather than writing broken links for months.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw new InvalidOperationException($"{Setting} must be an absolute http or https address such as https://learnhub.example.gov.cn, without query or fragment; it is \"{value}\".");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }
}

/// <summary>Registers <see cref="PublicAddress"/> and what follows from it: mail and SMS links, the hosts served.</summary>
public static class PublicAddressSetup
{
    public static WebApplicationBuilder AddPublicAddress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var address = new PublicAddress(builder.Configuration[PublicAddress.Setting], builder.Configuration["LearnHub:Smtp:PublicUrl"]);
        builder.Services.AddSingleton(address);
        if (address.Configured is not { } configured)
        {
            return builder;
        }

        // Mail and SMS links follow the public address unless their own setting names another.
        builder.Services.PostConfigure<SmtpOptions>(o => o.PublicUrl = string.IsNullOrWhiteSpace(o.PublicUrl) ? configured : o.PublicUrl);

        // "AllowedHosts": "*" (the default) trusts any Host; with a public address, only it and the machine's own
        // names (health probes, the operator's curl) are served. An explicit AllowedHosts list is kept as written.
        var allowed = builder.Configuration["AllowedHosts"];
        if (string.IsNullOrWhiteSpace(allowed) || allowed.Trim() == "*")
        {
            builder.Services.PostConfigure<HostFilteringOptions>(o =>
            {
                o.AllowedHosts = [new Uri(configured).IdnHost, "localhost", "127.0.0.1", "[::1]"];
                o.AllowEmptyHosts = false;
            });
        }

        return builder;
    }

    /// <summary>Says at start-up, outside the demo and development, that links and the issuer follow the Host header.</summary>
    public static void WarnIfUnset(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<PublicAddress>();
        if (address.Configured is null && !app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("LearnHub:Demo"))
        {
            app.Logger.LogWarning("{Setting} is not set: links in mail, QR codes and calendar files and the OpenID Connect issuer follow each request's Host header. Set it to the address people use.", PublicAddress.Setting);
        }
    }
}
