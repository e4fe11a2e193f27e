using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Identity;

/// <summary>
/// A LearnHub account. Links to the domain record the role acts for. Most accounts belong to a person
/// on a roster and are found by their mobile number (<see cref="IdentityUser.PhoneNumber"/>, stored
/// normalised); an e-mail address is optional.
/// </summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For trainees: their person record.</summary>
    public int? PersonId { get; set; }

    /// <summary>For supervisors: the supervising unit whose organizations they see.</summary>
    public int? SupervisingUnitId { get; set; }

    /// <summary>For lecturers: their lecturer-pool profile.</summary>
    public int? LecturerId { get; set; }

    /// <summary>For an organization's contact person (联络员): the organization they act for.</summary>
    public int? ContactOrganizationId { get; set; }

    /// <summary>When the person set their own password; null while the account waits for activation.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Set when the account is switched off (its person left the roster, or an administrator did it); the records stay.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public DisabledReason DisabledReason { get; set; }

    /// <summary>Channels besides the in-app list that the user wants notifications on.</summary>
    public NotificationChannels NotifyBy { get; set; } = NotificationChannels.Email | NotificationChannels.Sms;

    /// <summary>The account's state as administrators see it, at <paramref name="now"/>.</summary>
    public AccountState StateAt(DateTimeOffset now) =>
        DisabledAt is not null ? AccountState.Disabled
        : PasswordHash is null ? AccountState.NotActivated
        : LockoutEnd is { } end && end > now ? AccountState.Locked
        : AccountState.Active;
}

public enum AccountState
{
    /// <summary>未激活: made for a person, no password yet.</summary>
    NotActivated = 1,
    Active = 2,
    /// <summary>Locked out for a while after wrong passwords or codes.</summary>
    Locked = 3,
    Disabled = 4,
}

public enum DisabledReason
{
    None = 0,
    /// <summary>Its person holds no position any more (left the roster).</summary>
    LeftRoster = 1,
    ByAdministrator = 2,
    /// <summary>Its person's personal data was erased on request; the account stays only as an anonymous row the statistics count.</summary>
    Erased = 3,
}

[Flags]
public enum NotificationChannels
{
    None = 0,
    Email = 1,
    Sms = 2,
}

/// <summary>The roles; a user normally has one, and a contact person is usually also a trainee.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Lecturer = "Lecturer";
    public const string Supervisor = "Supervisor";
    public const string Trainee = "Trainee";

    /// <summary>An organization's contact person (联络员), scoped to <see cref="AppUser.ContactOrganizationId"/>.</summary>
    public const string Contact = "Contact";

    /// <summary>审计管理员: reads the audit log (not the lines of audit administrators) and changes nothing else.</summary>
    public const string Auditor = "Auditor";

    /// <summary>
    /// 安全管理员: gives and takes roles and unlocks accounts (the system administrator creates and looks after them
    /// but grants no role), and reads the audit administrators' own audit lines.
    /// </summary>
    public const string Security = "Security";

    /// <summary>
    /// 三员分立: the system, security and audit administrators are three people. No account holds two of these roles,
    /// so none can both act and read (or grant itself the reading of) the record of its own acts.
    /// </summary>
    public static readonly string[] Separated = [Admin, Security, Auditor];

    /// <summary>Those who open the accounts pages: the people staff, and the security administrator for roles and locks.</summary>
    public const string AccountStaff = PeopleStaff + "," + Security;

    /// <summary>Those who read the audit log, each a part of it (<see cref="Audit.AuditLogQueries"/>).</summary>
    public const string AuditReaders = Auditor + "," + Security;

    public const string AdminOrSupervisor = Admin + "," + Supervisor;

    /// <summary>Those who look after people: administrators, supervisors (their unit) and contact persons (their organization).</summary>
    public const string PeopleStaff = Admin + "," + Supervisor + "," + Contact;

    public static readonly string[] All = [Admin, Lecturer, Supervisor, Trainee, Contact, Auditor, Security];
}
