using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>
/// Whose enrolments a user sees and whom they may nominate: everyone for an administrator (no limits), the people of
/// one supervising unit's organizations for a supervisor, the people of one organization for its contact person.
/// </summary>
public sealed record ClassReach(int? UnitId, int? OrganizationId)
{
    public static readonly ClassReach Everyone = new(null, null);

    public IQueryable<Person> People(IQueryable<Person> people)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (UnitId is { } unit)
        {
            people = people.Where(p => p.Organization!.SupervisingUnitId == unit);
        }

        if (OrganizationId is { } organization)
        {
            people = people.Where(p => p.OrganizationId == organization);
        }

        return people;
    }

    public IQueryable<ClassEnrolment> Enrolments(IQueryable<ClassEnrolment> enrolments)
    {
        ArgumentNullException.ThrowIfNull(enrolments);
        if (UnitId is { } unit)
        {
            enrolments = enrolments.Where(e => e.Person!.Organization!.SupervisingUnitId == unit);
        }

        if (OrganizationId is { } organization)
        {
            enrolments = enrolments.Where(e => e.Person!.OrganizationId == organization);
        }

        return enrolments;
    }
}
