using System.Security.Claims;

namespace LearnHub.Web.Identity;

/// <summary>
/// What the signed-in user may see, read from their claims: an administrator sees everything, a
/// supervisor one supervising unit, a trainee their own person record.
/// </summary>
public sealed class CurrentScope(IHttpContextAccessor accessor)
{
    public const string UnitClaim = "learnhub:unit";
    public const string PersonClaim = "learnhub:person";
    public const string LecturerClaim = "learnhub:lecturer";

    private ClaimsPrincipal User => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAdmin => User.IsInRole(Roles.Admin);

    /// <summary>The unit a supervisor is limited to; null for an administrator (no limit).</summary>
    public int? UnitId => IsAdmin ? null : ReadInt(UnitClaim) ?? -1;

    public int? PersonId => ReadInt(PersonClaim);

    public int? LecturerId => ReadInt(LecturerClaim);

    private int? ReadInt(string type) =>
        int.TryParse(User.FindFirst(type)?.Value, out var value) ? value : null;
}
