using System.Security.Claims;

namespace LearnHub.Web.Identity;

/// <summary>
/// What the signed-in user may see, read from their claims: an administrator sees everything, a
/// supervisor one supervising unit, an organization's contact person (联络员) that organization, a trainee their
/// own person record.
/// </summary>
public sealed class CurrentScope(IHttpContextAccessor accessor)
{
    public const string UnitClaim = "learnhub:unit";
    public const string PersonClaim = "learnhub:person";
    public const string LecturerClaim = "learnhub:lecturer";
    public const string OrganizationClaim = "learnhub:organization";

    public ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    /// <summary>Whether every account is in reach: the system administrator's, and the security administrator's for roles and locks.</summary>
    public bool SeesAllAccounts => IsAdmin || User.IsInRole(Roles.Security);

    /// <summary>Whether the user lifts account locks: the security administrator alone (三员分立).</summary>
    public bool LiftsLocks => User.IsInRole(Roles.Security);

    /// <summary>The unit a supervisor is limited to; null for an administrator (no limit).</summary>
    public int? UnitId => IsAdmin ? null : ReadInt(UnitClaim) ?? -1;

    public int? PersonId => ReadInt(PersonClaim);

    /// <summary>
    /// The organization a contact person is limited to; null when the user's reach is wider (an administrator or
    /// supervisor who is also a contact person sees what their main role sees) or the user is no contact person.
    /// </summary>
    public int? ContactOrganizationId => ContactOrganizationOf(User);

    /// <summary>Whether the user may put work on people (指派学习): administrators and supervisors, not contact persons.</summary>
    public bool MayAssign => IsAdmin || User.IsInRole(Roles.Supervisor);

    /// <summary>Whether the user looks after people at all: an administrator, a supervisor or a contact person.</summary>
    public bool LooksAfterPeople => IsAdmin || User.IsInRole(Roles.Supervisor) || User.IsInRole(Roles.Contact);

    /// <summary>The organization a contact person is limited to, as <see cref="ContactOrganizationId"/> reads it.</summary>
    public static int? ContactOrganizationOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Supervisor) || !user.IsInRole(Roles.Contact)
            ? null
            : ReadInt(user, OrganizationClaim) ?? -1;
    }

    /// <summary>The lecturer profile the user acts as; null unless the account holds the Lecturer role.</summary>
    public int? LecturerId => LecturerOf(User);

    /// <summary>
    /// The lecturer profile a user acts as. An account keeps its link to the profile when the Lecturer role is
    /// taken away, so the role is asked too: without it the user is no one's lecturer.
    /// </summary>
    public static int? LecturerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Lecturer) ? ReadInt(user, LecturerClaim) : null;
    }

    private int? ReadInt(string type) => ReadInt(User, type);

    private static int? ReadInt(ClaimsPrincipal user, string type) =>
        int.TryParse(user.FindFirst(type)?.Value, out var value) ? value : null;
}
