using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Identity.Accounts;

public enum CodePasswordResult
{
    Done = 1,
    /// <summary>No such account, a disabled one, or a wrong, used or expired code: the holder is told the same for each.</summary>
    CodeRefused = 2,
    /// <summary>The code is right but the password is refused (too short, the mobile number…); the code still works.</summary>
    PasswordRefused = 3,
}

public sealed record CodePasswordOutcome(CodePasswordResult Result, AppUser? User, IReadOnlyList<IdentityError> Errors, bool FirstActivation);

/// <summary>
/// Sets an account's password with a one-time code: activation of a new account, or a reset by a code sent by
/// SMS or e-mail or issued by an administrator or contact person. The code is checked before the password, and
/// used up only when the password is accepted, so a refused password can be corrected without a new code.
/// Every password so set ends the account's other sessions and is written to its audit trail.
/// </summary>
public sealed class CodePasswords(UserManager<AppUser> users, AccountCodes codes, AccountSessions sessions, TimeProvider clock)
{
    public async Task<CodePasswordOutcome> SetAsync(string login, CodePurpose purpose, string code, string password, CancellationToken cancellationToken)
    {
        var user = await sessions.FindByLoginAsync(login, cancellationToken);
        if (user is null || user.DisabledAt is not null)
        {
            // The same work as for a real account, so the answer's timing does not tell accounts apart.
            await codes.CheckAsync("-", purpose, code, cancellationToken);
            return new(CodePasswordResult.CodeRefused, null, [], false);
        }

        if (await codes.CheckAsync(user.Id, purpose, code, cancellationToken) != CodeCheck.Accepted)
        {
            return new(CodePasswordResult.CodeRefused, null, [], false);
        }

        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors);
        }

        if (errors.Count > 0)
        {
            return new(CodePasswordResult.PasswordRefused, user, errors, false);
        }

        if (await codes.RedeemAsync(user.Id, purpose, code, cancellationToken) != CodeCheck.Accepted)
        {
            return new(CodePasswordResult.CodeRefused, null, [], false);
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return new(CodePasswordResult.PasswordRefused, user, [.. reset.Errors], false);
        }

        var first = user.ActivatedAt is null;
        user.ActivatedAt ??= clock.GetUtcNow();
        // Holding a code proves the account is theirs: a lock-out from wrong passwords ends with it.
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await users.UpdateAsync(user);
        await sessions.EndAllAsync(user, cancellationToken);
        await sessions.AuditAsync(null, user, first ? AccountAction.Activated : AccountAction.PasswordReset, purpose.ToString(), cancellationToken);
        return new(CodePasswordResult.Done, user, [], first);
    }
}
