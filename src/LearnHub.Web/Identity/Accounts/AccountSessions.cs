using LearnHub.Courses.Registry.People;
using Microsoft.AspNetCore.Identity;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// Finding an account by what its holder types, and ending every session of an account: its sign-in cookies
/// (a new security stamp, seen at once through <see cref="AccountStamps"/>) and its apps' refresh tokens and
/// authorizations (revoked in OpenIddict's store).
/// </summary>
public sealed class AccountSessions(
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    AppIdentityDbContext db,
    TimeProvider clock,
    Audit.AuditTrail trail)
{
    /// <summary>The account for a mobile number (any way it is written) or an e-mail address; null when none.</summary>
    public async Task<AppUser?> FindByLoginAsync(string? login, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login))
        {
            return null;
        }

        if (MobileNumber.TryNormalize(login, out var mobile))
        {
            return await users.Users.SingleOrDefaultAsync(u => u.PhoneNumber == mobile, cancellationToken);
        }

        return login.Contains('@', StringComparison.Ordinal) ? await users.FindByEmailAsync(login.Trim()) : null;
    }

    /// <summary>Signs the account out everywhere: cookies on every device, and every app's tokens.</summary>
    public async Task EndAllAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await users.UpdateSecurityStampAsync(user);
        await tokens.RevokeBySubjectAsync(user.Id, cancellationToken);
        await authorizations.RevokeBySubjectAsync(user.Id, cancellationToken);
    }

    /// <summary>
    /// Signs the browser out. Deleting the cookie alone would leave a copy of it (taken from the machine, a proxy's
    /// log, a shared computer) good until it expires, so the account gets a new security stamp, which every cookie
    /// issued before fails at once (<see cref="AccountStamps"/>): signing out on one device signs the others out too.
    /// </summary>
    public async Task SignOutAsync(ClaimsPrincipal principal)
    {
        if (await users.GetUserAsync(principal) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            await trail.RecordAsync(Audit.AuditAction.SignedOut, "account:" + user.Id);
        }

        await signIn.SignOutAsync();
    }

    /// <summary>Writes one line of the account's audit trail.</summary>
    public async Task AuditAsync(AppUser? actor, AppUser target, AccountAction action, string detail, CancellationToken cancellationToken)
    {
        db.AccountAudits.Add(AccountAudit.Of(target, action, clock.GetUtcNow(), actor?.Id, actor?.DisplayName ?? "", detail));
        await db.SaveChangesAsync(cancellationToken);
    }
}
