using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Identity;

/// <summary>
/// The sign-in cookie's security-stamp check, asked only when it is due. Identity's own hook resolves
/// SignInManager, UserManager, the user store and a DbContext on every request, only to find nearly
/// always that the validation interval (30 minutes) has not passed yet; on the player's heartbeat,
/// thousands of times a second, that was a sixth of the server's work. The condition below is the one
/// <see cref="SecurityStampValidator{TUser}"/> applies itself, with the same clock, so a request that
/// is due is validated exactly as before: a changed stamp (password reset, lock-out) still signs out.
/// </summary>
internal static class SecurityStampCheck
{
    public static Task ValidateWhenDueAsync(CookieValidatePrincipalContext context)
    {
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        var issued = context.Properties.IssuedUtc;
        var due = issued is null || (options.TimeProvider ?? TimeProvider.System).GetUtcNow() - issued.Value > options.ValidationInterval;
        return due ? SecurityStampValidator.ValidatePrincipalAsync(context) : Task.CompletedTask;
    }
}
