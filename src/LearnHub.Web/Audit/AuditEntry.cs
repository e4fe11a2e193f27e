namespace LearnHub.Web.Audit;

/// <summary>What an audit line records. Numbers are stored; never renumber.</summary>
public enum AuditAction
{
    SignedIn = 1,
    SignInFailed = 2,
    LockedOut = 3,
    SignedOut = 4,
    PasswordChanged = 10,
    PasswordReset = 11,
    RolesChanged = 12,
    AccountDisabled = 13,
    AccountEnabled = 14,
    AccountUnlocked = 15,
    CodeIssued = 16,
    AccountCreated = 17,
    AccountActivated = 18,
    ContactChanged = 19,
    Exported = 20,
    LedgerViewed = 21,
    EvidenceViewed = 22,
    /// <summary>The whole of a mobile number that lists show masked.</summary>
    MobileViewed = 23,
    RulesChanged = 30,
    LedgerAdjusted = 31,
    LedgerReversed = 32,
    CertificateRevoked = 36,
    Imported = 40,
    AuditViewed = 50,
    AuditExported = 51,
    /// <summary>Lines older than the retention period were removed; its detail names the last removed line and its hash.</summary>
    AuditPruned = 52,
    /// <summary>A person's personal data was erased on request; the detail holds the request's reference, never the erased data.</summary>
    PersonErased = 53,
    /// <summary>Rows past their retention period were removed (<c>LearnHub:Retention</c>); the detail counts them per kind.</summary>
    RetentionSwept = 54,
}

/// <summary>
/// One line of the audit log (审计日志). Lines are only ever added: each carries the hash of the line before it
/// and its own hash over both, so an edited, removed or reordered line breaks the chain (<see cref="AuditChain"/>).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>1, 2, 3… without gaps; unique, so two writers cannot both append after the same line.</summary>
    public long Sequence { get; set; }

    /// <summary>UTC, as DateTime so SQLite compares and orders it in SQL.</summary>
    public DateTime AtUtc { get; set; }

    /// <summary>Null for the system, or for someone not signed in (a failed sign-in).</summary>
    public string? ActorId { get; set; }

    public string ActorName { get; set; } = "";

    /// <summary>The actor's roles when they acted, comma-separated: who may read the line depends on them.</summary>
    public string ActorRoles { get; set; } = "";

    /// <summary>The client's address as the host saw it (after the trusted proxy's forwarded headers).</summary>
    public string Client { get; set; } = "";

    public AuditAction Action { get; set; }

    /// <summary>What was acted on: "account:ID", "person:ID", a path for an export.</summary>
    public string Target { get; set; } = "";

    public string Detail { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
