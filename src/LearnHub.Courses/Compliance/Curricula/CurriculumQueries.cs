using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Curricula;

public sealed record PersonProfile(int Id, string Name, string OrganizationName, Tier Tiers,
    IReadOnlyList<(PositionKind Kind, DateOnly AppointedOn)> Positions);

public sealed record CurriculumPlan(int Id, Tier Tier, int Year, string Title, string Description, decimal HourTarget,
    IReadOnlyList<PlanCourse> Required, IReadOnlyList<PlanPool> Pools);

public sealed record PlanPool(string Title, decimal HourTarget, IReadOnlyList<PlanCourse> Courses);

public sealed record PlanCourse(string Slug, string Title, decimal CreditHours, CourseFormat Format);

/// <summary>Read side of curricula: what a person's tiers ask of them in a year.</summary>
public sealed class CurriculumQueries(CoursesDbContext db)
{
    public async Task<PersonProfile?> ProfileAsync(int personId, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking()
            .Where(p => p.Id == personId)
            .Select(p => new
            {
                p.Id, p.Name, Organization = p.Organization!.Name, p.Tiers,
                Positions = p.Positions.Where(x => x.EndedOn == null).OrderBy(x => x.Kind).Select(x => new { x.Kind, x.AppointedOn }).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return person is null ? null : new PersonProfile(person.Id, person.Name, person.Organization, person.Tiers,
            person.Positions.Select(x => (x.Kind, x.AppointedOn)).ToList());
    }

    public async Task<IReadOnlyList<CurriculumPlan>> ForTiersAsync(Tier tiers, int year, CancellationToken cancellationToken)
    {
        var curricula = await db.Curricula.AsNoTracking()
            .Where(c => c.Year == year && (c.Tier & tiers) != 0)
            .OrderBy(c => c.Tier)
            .Select(c => new
            {
                c.Id, c.Tier, c.Year, c.Title, c.Description, c.HourTarget,
                Courses = c.Courses.OrderBy(x => x.Course!.Title)
                    .Select(x => new { x.Required, x.ElectivePoolId, Course = new PlanCourse(x.Course!.Slug, x.Course.Title, x.Course.CreditHours, x.Course.Format) })
                    .ToList(),
                Pools = c.Pools.OrderBy(p => p.Order).Select(p => new { p.Id, p.Title, p.HourTarget }).ToList(),
            })
            .ToListAsync(cancellationToken);
        return curricula.Select(c => new CurriculumPlan(c.Id, c.Tier, c.Year, c.Title, c.Description, c.HourTarget,
            c.Courses.Where(x => x.Required).Select(x => x.Course).ToList(),
            c.Pools.Select(p => new PlanPool(p.Title, p.HourTarget,
                c.Courses.Where(x => x.ElectivePoolId == p.Id).Select(x => x.Course).ToList())).ToList())).ToList();
    }
}
