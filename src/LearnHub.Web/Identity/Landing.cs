namespace LearnHub.Web.Identity;

/// <summary>
/// Where a user lands after signing in when nothing asked for another page: the page of their main role, so an
/// administrator or lecturer is not shown a trainee's empty "my learning".
/// </summary>
public static class Landing
{
    public static string For(IEnumerable<string> roles, int? personId)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return held.Contains(Roles.Admin) ? "/admin"
            : held.Contains(Roles.Supervisor) ? "/supervision"
            : held.Contains(Roles.Auditor) || held.Contains(Roles.Security) ? "/audit"
            : personId is not null ? "/my/learning"
            : held.Contains(Roles.Lecturer) ? "/lecturer"
            : "/";
    }
}
