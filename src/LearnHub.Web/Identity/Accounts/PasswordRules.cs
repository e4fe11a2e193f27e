using LearnHub.Courses.Registry.People;
using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// Passwords nobody should be able to guess from what is printed about the account: not the account's own mobile
/// number (the first thing tried), and not the demo password published in the README.
/// </summary>
internal sealed class PasswordRules : IPasswordValidator<AppUser>
{
    public const string IsMobileCode = "PasswordIsMobile";
    public const string IsDemoCode = "PasswordIsDemo";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (user.PhoneNumber is { Length: > 0 } mobile && MobileNumber.Normalize(password).Contains(mobile, StringComparison.Ordinal))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = IsMobileCode, Description = "The password contains the account's mobile number." }));
        }

        return Task.FromResult(string.Equals(password, DemoAccounts.DefaultPassword, StringComparison.OrdinalIgnoreCase)
            ? IdentityResult.Failed(new IdentityError { Code = IsDemoCode, Description = "The demo password is published; choose another." })
            : IdentityResult.Success);
    }
}
