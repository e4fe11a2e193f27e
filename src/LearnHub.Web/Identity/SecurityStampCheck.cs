using System.Security.Claims;
using LearnHub.Web.Identity.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Identity;

/// <summary>
/// The sign-in cookie's checks. Every request: the cookie's security stamp must still be the account's
/// (<see cref="AccountStamps"/>, from memory nearly always), so a reset password, a disabled account or ended
/// sessions stop old cookies at once. When due: Identity's own periodic validation, which also refreshes the
/// claims (roles, scope). Identity's hook alone resolved SignInManager, UserManager, the store and a DbContext
/// on every request only to find the interval not yet passed; on the player's heartbeat, thousands of times a
/// second, that was a sixth of the server's work, so it is asked only when due, with the same clock.
/// </summary>
internal static class SecurityStampCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (context.Principal?.FindFirstValue(claims.UserIdClaimType) is { } userId)
        {
            var current = await services.GetRequiredService<AccountStamps>().CurrentAsync(userId, context.HttpContext.RequestAborted);
            if (current is null || !string.Equals(current, context.Principal.FindFirstValue(claims.SecurityStampClaimType), StringComparison.Ordinal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
        }

        var options = services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        var due = issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
        if (due)
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
        }
    }
}
