using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearnHub.Web.Identity.OpenIdConnect;

/// <summary>
/// The OpenID Connect endpoints OpenIddict passes through to the app: it has already validated the
/// client, redirect URI, PKCE and scopes; here the user (from the Identity cookie) is turned into tokens.
/// </summary>
// OpenIddict authenticates these requests itself; an antiforgery token cannot come from a CLI or another server.
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AuthorizationController(
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    TimeProvider clock) : Controller
{
    /// <summary>The rate-limit policy of the token endpoint: per client address (<c>LearnHub:Accounts:TokenPostsPerMinute</c>).</summary>
    public const string TokenRateLimit = "token";

    [AllowAnonymous]
    [HttpGet("~/connect/authorize")]
    [HttpPost("~/connect/authorize")]
    public async Task<IActionResult> Authorize(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var cookie = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = cookie.Succeeded ? await users.GetUserAsync(cookie.Principal) : null;
        var signedInAt = cookie.Properties?.IssuedUtc;

        // prompt=login and an exceeded max_age both ask for a fresh sign-in even when a session exists.
        var tooOld = request.MaxAge is { } maxAge && (signedInAt is null || clock.GetUtcNow() - signedInAt.Value > TimeSpan.FromSeconds(maxAge));
        var reauthenticate = user is not null && (request.HasPromptValue(PromptValues.Login) || tooOld);
        if (user is null || !await CanSignInAsync(user) || reauthenticate)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Refuse(Errors.LoginRequired, "The user must sign in.");
            }

            if (reauthenticate)
            {
                await signIn.SignOutAsync();
            }

            // Sign in with the normal form and come back here with the same request, minus prompt=login and
            // max_age: the session will be fresh by then, and asking again would loop (max_age=0 never passes).
            var parameters = (Request.HasFormContentType ? Request.Form.ToList() : Request.Query.ToList())
                .Where(p => p.Key is not Parameters.Prompt and not Parameters.MaxAge)
                .ToList();
            var rest = request.GetPromptValues().Where(v => v != PromptValues.Login).ToList();
            if (rest.Count > 0)
            {
                parameters.Add(new(Parameters.Prompt, string.Join(' ', rest)));
            }

            return Challenge(new AuthenticationProperties { RedirectUri = Request.PathBase + Request.Path + QueryString.Create(parameters) },
                IdentityConstants.ApplicationScheme);
        }

        var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
            ?? throw new InvalidOperationException("OpenIddict let through an unknown client.");
        // Only first-party clients registered with implicit consent are served: there is no consent page.
        if (!await applications.HasConsentTypeAsync(application, ConsentTypes.Implicit, cancellationToken))
        {
            return Refuse(Errors.ConsentRequired, "This client is not allowed to sign users in without consent.");
        }

        var scopes = request.GetScopes();
        var identity = await CreateIdentityAsync(user);
        identity.SetScopes(scopes);
        if (signedInAt is { } at)
        {
            // Lets a client that sent max_age check how recent the sign-in really was (OIDC Core 3.1.2.1).
            identity.SetClaim(Claims.AuthenticationTime, at.ToUnixTimeSeconds());
        }

        // One permanent authorization per user and client, so refresh tokens can be revoked together.
        var subject = await users.GetUserIdAsync(user);
        var applicationId = await applications.GetIdAsync(application, cancellationToken);
        var authorization = await authorizations.FindAsync(subject, applicationId!, Statuses.Valid, AuthorizationTypes.Permanent, scopes, cancellationToken)
            .FirstOrDefaultAsync(cancellationToken)
            ?? await authorizations.CreateAsync(new ClaimsPrincipal(identity), subject, applicationId!, AuthorizationTypes.Permanent, scopes, cancellationToken);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, cancellationToken));
        identity.SetDestinations(DestinationsOf);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    [AllowAnonymous]
    [HttpPost("~/connect/token")]
    [Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(TokenRateLimit)]
    [Produces("application/json")]
    public async Task<IActionResult> Exchange(CancellationToken cancellationToken)
    {
        var request = HttpContext.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            // OpenIddict has checked the secret and the scope permissions; the client acts as itself.
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
                ?? throw new InvalidOperationException("OpenIddict let through an unknown client.");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, await applications.GetClientIdAsync(application, cancellationToken));
            identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, cancellationToken));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [OpenIddictConstants.Destinations.AccessToken]);
            return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            // The account may have been locked or deleted since the code or refresh token was issued.
            var user = result.Principal?.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
            if (user is null || !await CanSignInAsync(user))
            {
                return Refuse(Errors.InvalidGrant, "The account can no longer sign in.");
            }

            // Keep OpenIddict's own claims (scopes, authorization id) and refresh the user's.
            var identity = new ClaimsIdentity(result.Principal!.Claims.Where(c => c.Type.StartsWith("oi_", StringComparison.Ordinal)),
                TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            foreach (var claim in (await CreateIdentityAsync(user)).Claims)
            {
                identity.AddClaim(claim);
            }

            identity.SetDestinations(DestinationsOf);
            return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        return Refuse(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    [HttpGet("~/connect/userinfo")]
    [HttpPost("~/connect/userinfo")]
    [Authorize(AuthenticationSchemes = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)]
    public async Task<IActionResult> UserInfo()
    {
        var user = User.GetClaim(Claims.Subject) is { } subject ? await users.FindByIdAsync(subject) : null;
        if (user is null)
        {
            return Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The account no longer exists.",
            }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = await users.GetUserIdAsync(user) };
        if (User.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.DisplayName;
        }

        if (User.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = user.Email ?? "";
            claims[Claims.EmailVerified] = user.EmailConfirmed;
        }

        if (User.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = await users.GetRolesAsync(user);
        }

        return Ok(claims);
    }

    /// <summary>
    /// An app's "sign out" sends the browser here. A link or a page of another site could send it too, so a signed-in
    /// browser is asked first; only the confirmation, posted with this site's antiforgery token, signs it out.
    /// </summary>
    [AllowAnonymous]
    [HttpGet("~/connect/endsession")]
    [HttpPost("~/connect/endsession")]
    public async Task<IActionResult> EndSession([FromServices] Accounts.AccountSessions sessions, [FromServices] Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        var signedIn = (await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal;
        if (signedIn is not null)
        {
            if (!HttpMethods.IsPost(Request.Method) || !Request.Form.ContainsKey(ConfirmField) || !await antiforgery.IsRequestValidAsync(HttpContext))
            {
                var request = HttpContext.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
                return View("~/Features/Account/EndSession.cshtml", new EndSessionModel(
                    [.. request.GetParameters().Where(p => p.Key != ConfirmField && p.Key != "__RequestVerificationToken")
                        .Select(p => new KeyValuePair<string, string>(p.Key, (string?)p.Value ?? ""))]));
            }

            await sessions.SignOutAsync(signedIn);
        }

        // OpenIddict validated any post_logout_redirect_uri and returns the user there, or here to the home page.
        return SignOut(new AuthenticationProperties { RedirectUri = "/" }, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The confirmation's submit button; an app's own POST to the endpoint does not carry it.</summary>
    public const string ConfirmField = "confirm";

    // Checked again at every token request: an account locked or unconfirmed since sign-in gets no new tokens.
    private async Task<bool> CanSignInAsync(AppUser user) =>
        await signIn.CanSignInAsync(user) && !(users.SupportsUserLockout && await users.IsLockedOutAsync(user));

    private async Task<ClaimsIdentity> CreateIdentityAsync(AppUser user)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, await users.GetUserIdAsync(user));
        identity.SetClaim(Claims.Name, user.DisplayName);
        identity.SetClaim(Claims.Email, user.Email);
        identity.SetClaims(Claims.Role, [.. await users.GetRolesAsync(user)]);
        SetIfPresent(identity, CurrentScope.UnitClaim, user.SupervisingUnitId);
        SetIfPresent(identity, CurrentScope.PersonClaim, user.PersonId);
        SetIfPresent(identity, CurrentScope.LecturerClaim, user.LecturerId);
        SetIfPresent(identity, CurrentScope.OrganizationClaim, user.ContactOrganizationId);
        return identity;
    }

    private static void SetIfPresent(ClaimsIdentity identity, string type, int? value)
    {
        if (value is { } v)
        {
            identity.SetClaim(type, v.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Everything the API needs goes into the access token (encrypted, read only by this server). The
    /// identity token, which the client reads, carries only name, email and role, and only when the
    /// matching scope was granted; LearnHub's internal ids never leave in it.
    /// </summary>
    private static IEnumerable<string> DestinationsOf(Claim claim)
    {
        var scopes = claim.Subject?.GetScopes() ?? [];
        var identityScope = claim.Type switch
        {
            Claims.Name => Scopes.Profile,
            Claims.Email => Scopes.Email,
            Claims.Role => Scopes.Roles,
            _ => null,
        };
        yield return OpenIddictConstants.Destinations.AccessToken;
        if (claim.Type is Claims.Subject or Claims.AuthenticationTime || (identityScope is not null && scopes.Contains(identityScope)))
        {
            yield return OpenIddictConstants.Destinations.IdentityToken;
        }
    }

    private ForbidResult Refuse(string error, string description) =>
        Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}

/// <summary>The end-session request's parameters, carried through the confirmation form.</summary>
public sealed record EndSessionModel(IReadOnlyList<KeyValuePair<string, string>> Parameters);
