namespace LearnHub.Web.Identity.Accounts;

/// <summary>What a one-time code lets its holder do.</summary>
public enum CodePurpose
{
    /// <summary>激活: set the first password of a new account.</summary>
    Activation = 1,
    /// <summary>重置: set a new password for a forgotten one.</summary>
    Reset = 2,
}

/// <summary>How a code reached its holder.</summary>
public enum CodeChannel
{
    /// <summary>On an activation sheet or screen issued by an administrator or contact person.</summary>
    Issued = 1,
    Sms = 2,
    /// <summary>A link in an e-mail; its code is long, not typed.</summary>
    Email = 3,
}

/// <summary>
/// A one-time code for one account. Only a keyed hash of the code is stored, bound to the account and the
/// purpose, so a code read from a sheet or a message works for that account alone and a copy of the
/// database gives no usable codes.
/// </summary>
public sealed class AccountCode
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    public CodePurpose Purpose { get; set; }

    public CodeChannel Channel { get; set; }

    public string Hash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>UTC, as DateTime so SQLite compares it in SQL.</summary>
    public DateTime ExpiresUtc { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Wrong codes typed for this account while this one was open; at the limit it is dead.</summary>
    public int Failures { get; set; }

    /// <summary>The account that issued it (an administrator or contact person); null when the holder asked for it.</summary>
    public string? IssuedById { get; set; }
}

/// <summary>What happened to an account, for the audit trail.</summary>
public enum AccountAction
{
    Created = 1,
    CodeIssued = 2,
    Activated = 3,
    PasswordChanged = 4,
    PasswordReset = 5,
    Unlocked = 6,
    Disabled = 7,
    Enabled = 8,
    RolesChanged = 9,
    ContactNamed = 10,
    ContactRemoved = 11,
}

/// <summary>One line of an account's audit trail (账号审计): who did what to which account, when.</summary>
public sealed class AccountAudit
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Null when the account holder acted on their own account without being signed in (activation, reset by SMS).</summary>
    public string? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    public string TargetId { get; set; } = "";

    public string TargetName { get; set; } = "";

    public AccountAction Action { get; set; }

    public string Detail { get; set; } = "";

    /// <summary>The one way a line is made, whoever writes it: who acted (null for the holder or the system), on which account, what.</summary>
    public static AccountAudit Of(AppUser target, AccountAction action, DateTimeOffset at, string? actorId, string actorName, string detail = "")
    {
        ArgumentNullException.ThrowIfNull(target);
        return new AccountAudit
        {
            At = at, ActorId = actorId, ActorName = actorName, TargetId = target.Id, TargetName = target.DisplayName, Action = action, Detail = detail,
        };
    }
}

/// <summary>
/// A request for a code by SMS, counted for the rate limits (per number and per client address). The key is
/// a keyed hash of the number or address, so the table holds neither.
/// </summary>
public sealed class CodeRequest
{
    public long Id { get; set; }

    public string Key { get; set; } = "";

    /// <summary>UTC, as DateTime so SQLite compares it in SQL.</summary>
    public DateTime AtUtc { get; set; }
}
