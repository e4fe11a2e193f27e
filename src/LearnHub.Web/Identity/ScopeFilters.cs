using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Web.Identity;

/// <summary>
/// The one place that says which organizations and people a user may see: an administrator all,
/// a supervisor those of their own supervising unit, a contact person their own organization. Every query that
/// lists them goes through here.
/// </summary>
internal static class ScopeFilters
{
    public static IQueryable<Organization> VisibleTo(this IQueryable<Organization> organizations, CurrentScope scope)
    {
        if (scope.ContactOrganizationId is { } organization)
        {
            return organizations.Where(o => o.Id == organization);
        }

        var unit = scope.UnitId;
        return unit is null ? organizations : organizations.Where(o => o.SupervisingUnitId == unit);
    }

    /// <summary>An administrator's units are all; a supervisor's, their own; a contact person's, their organization's.</summary>
    public static IQueryable<SupervisingUnit> VisibleTo(this IQueryable<SupervisingUnit> units, CurrentScope scope, IQueryable<Organization> organizations)
    {
        if (scope.ContactOrganizationId is { } organization)
        {
            return units.Where(u => organizations.Any(o => o.Id == organization && o.SupervisingUnitId == u.Id));
        }

        var unit = scope.UnitId;
        return unit is null ? units : units.Where(u => u.Id == unit);
    }

    public static IQueryable<Person> VisibleTo(this IQueryable<Person> people, CurrentScope scope)
    {
        if (scope.ContactOrganizationId is { } organization)
        {
            return people.Where(p => p.OrganizationId == organization);
        }

        var unit = scope.UnitId;
        return unit is null ? people : people.Where(p => p.Organization!.SupervisingUnitId == unit);
    }
}
