using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearnHub.Web.Identity.OpenIdConnect;

/// <summary>
/// OpenIddict compares redirect URIs exactly. RFC 8252 §7.3 requires an authorization server to accept
/// any port on a registered loopback IP redirect URI, because a native app (the LearnHub CLI) listens on
/// whatever port the OS gives it. This manager adds that one exception and nothing more.
/// </summary>
internal sealed class LoopbackRedirectApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    public override async ValueTask<bool> ValidateRedirectUriAsync(TApplication application,
        [StringSyntax(StringSyntaxAttribute.Uri)] string uri, CancellationToken cancellationToken = default)
    {
        return await base.ValidateRedirectUriAsync(application, uri, cancellationToken) ||
            (await IsNativePublicClientAsync(application, cancellationToken) &&
             (await GetRedirectUrisAsync(application, cancellationToken)).Any(registered => LoopbackRedirect.Matches(registered, uri)));
    }

    // The CLI's sign-out returns to its loopback listener too, on the same terms.
    public override async ValueTask<bool> ValidatePostLogoutRedirectUriAsync(TApplication application,
        [StringSyntax(StringSyntaxAttribute.Uri)] string uri, CancellationToken cancellationToken = default)
    {
        return await base.ValidatePostLogoutRedirectUriAsync(application, uri, cancellationToken) ||
            (await IsNativePublicClientAsync(application, cancellationToken) &&
             (await GetPostLogoutRedirectUrisAsync(application, cancellationToken)).Any(registered => LoopbackRedirect.Matches(registered, uri)));
    }

    // Only public native clients: a confidential web client never needs a moving port.
    private async ValueTask<bool> IsNativePublicClientAsync(TApplication application, CancellationToken cancellationToken) =>
        await HasClientTypeAsync(application, ClientTypes.Public, cancellationToken) &&
        await HasApplicationTypeAsync(application, ApplicationTypes.Native, cancellationToken);
}

/// <summary>The port-agnostic comparison itself, kept pure so it can be tested on its own.</summary>
internal static class LoopbackRedirect
{
    /// <summary>
    /// True when <paramref name="registered"/> is an http loopback IP literal without a port
    /// (http://127.0.0.1/path or http://[::1]/path) and <paramref name="requested"/> is exactly that
    /// URI with an explicit port added. "localhost" is not accepted (RFC 8252 §8.3: it may not resolve to loopback).
    /// </summary>
    public static bool Matches(string registered, string requested)
    {
        if (!Uri.TryCreate(registered, UriKind.Absolute, out var template) || !IsLoopbackLiteral(template) ||
            !template.IsDefaultPort || registered.Contains('@', StringComparison.Ordinal) ||
            !Uri.TryCreate(requested, UriKind.Absolute, out var actual) || !IsLoopbackLiteral(actual) || actual.IsDefaultPort)
        {
            return false;
        }

        // Rebuild the registered URI with the requested port and compare the raw strings: path, query,
        // case and escaping must match exactly, so no normalisation trick can widen the match.
        var expected = string.Create(CultureInfo.InvariantCulture,
            $"{Uri.UriSchemeHttp}://{template.Host}:{actual.Port}{registered[(Uri.UriSchemeHttp.Length + 3 + template.Host.Length)..]}");
        return string.Equals(expected, requested, StringComparison.Ordinal);
    }

    private static bool IsLoopbackLiteral(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttp && uri.Host is "127.0.0.1" or "[::1]" &&
        uri.OriginalString.StartsWith($"{Uri.UriSchemeHttp}://{uri.Host}", StringComparison.Ordinal);
}
