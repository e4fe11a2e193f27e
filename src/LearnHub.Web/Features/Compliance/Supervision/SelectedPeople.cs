using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Compliance.Supervision;

/// <summary>The list a selection was made on; "all" means everyone that list shows under its filter.</summary>
public enum SelectionList
{
    /// <summary>The people falling short on /supervision.</summary>
    Shortfalls,

    /// <summary>The people whose curriculum is incomplete on /supervision/plans.</summary>
    Plans,
}

/// <summary>
/// People chosen on a supervision list, and what to do with them: the ticked ids, or "all N matching the filter" with
/// the list's filter, so a selection larger than a page never travels as thousands of ids. The assignment's fields
/// come back with it when the assignment is refused.
/// </summary>
public sealed class SelectionForm
{
    public SelectionList List { get; set; }

    public List<int> People { get; set; } = [];

    public bool All { get; set; }

    public int? Year { get; set; }

    public int? Organization { get; set; }

    public Tier? Tier { get; set; }

    public OrganizationField? Field { get; set; }

    public OrganizationKind? Kind { get; set; }

    public EvaluationGrade? Grade { get; set; }

    /// <summary>The assignment's work ("course:{id}" or "curriculum:{id}").</summary>
    public string? What { get; set; }

    public DateOnly? DueOn { get; set; }

    public ComplianceFilter Filter() => SupervisionController.Filter(Organization, Tier, Field, Kind, Grade);

    /// <summary>The list the selection was made on, with its filter: where every action returns to.</summary>
    public string Back(int year) => List == SelectionList.Plans
        ? "/supervision/plans?year=" + year.ToString(CultureInfo.InvariantCulture)
        : "/supervision?" + SupervisionController.Query(year, Filter());
}

/// <summary>A selected person with their contact details, standing and plan, as the selection's pages and export show them.</summary>
public sealed record SelectedPerson(PersonCompliance Standing, string Mobile, string? Email);

/// <summary>The selection resolved inside the user's scope, in the lists' order (organization, then name).</summary>
public sealed record Selection(int Year, IReadOnlyList<SelectedPerson> People);

/// <summary>
/// Resolves a <see cref="SelectionForm"/> to people the user may see: ids outside the scope are dropped, never
/// reported, and "all" is the list recomputed under its filter, not the page the user happened to look at.
/// </summary>
public sealed class SelectedPeople(CoursesDbContext db, ComplianceQueries compliance, CurrentScope scope, UserManager<AppUser> users, ProgrammeClock clock)
{
    /// <summary>The most people a selection may name one by one; beyond that the list's "all" is the way.</summary>
    public const int MaxTicked = 1000;

    public async Task<Selection> ResolveAsync(SelectionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var year = HoursYear.Clamp(form.Year, clock.Today);
        var visible = db.People.AsNoTracking().VisibleTo(scope);
        IReadOnlyList<PersonCompliance> chosen;
        if (form.All && form.List == SelectionList.Plans)
        {
            // The overview's own rows: its report already holds every person's plan.
            var (report, cells) = await compliance.CompletionAsync(visible, year, cancellationToken);
            var incomplete = cells.SelectMany(c => c.Incomplete).Select(p => p.PersonId).ToHashSet();
            chosen = [.. report.People.Where(p => incomplete.Contains(p.PersonId))];
        }
        else if (form.All)
        {
            chosen = (await compliance.ReportAsync(visible, form.Filter(), year, withPlans: true, cancellationToken)).Shortfalls;
        }
        else
        {
            var ids = form.People.Distinct().Take(MaxTicked).ToList();
            chosen = ids.Count == 0 ? []
                : (await compliance.ReportAsync(visible.Where(p => ids.Contains(p.Id)), new ComplianceFilter(), year, withPlans: true, cancellationToken)).People;
        }

        var contacts = await ContactsAsync([.. chosen.Select(p => p.PersonId)], cancellationToken);
        return new Selection(year, [.. chosen.Select(p => contacts.TryGetValue(p.PersonId, out var c)
            ? new SelectedPerson(p, c.Mobile, c.Email) : new SelectedPerson(p, "", null))]);
    }

    /// <summary>
    /// Each person's mobile number and, when their account has one, e-mail address: what a supervisor needs to reach
    /// someone of their scope. Callers pass only people already in scope.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, (string Mobile, string? Email)>> ContactsAsync(IReadOnlyCollection<int> personIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var result = new Dictionary<int, (string Mobile, string? Email)>(personIds.Count);
        // In chunks: a province-wide export names tens of thousands of people.
        foreach (var chunk in personIds.Chunk(2000))
        {
            var mobiles = await db.People.AsNoTracking().Where(p => chunk.Contains(p.Id)).Select(p => new { p.Id, p.Mobile }).ToListAsync(cancellationToken);
            var emails = await users.Users.AsNoTracking().Where(u => u.PersonId != null && chunk.Contains(u.PersonId.Value) && u.Email != null)
                .Select(u => new { PersonId = u.PersonId!.Value, u.Email }).ToListAsync(cancellationToken);
            var emailOf = emails.GroupBy(e => e.PersonId).ToDictionary(g => g.Key, g => g.First().Email);
            foreach (var m in mobiles)
            {
                result[m.Id] = (m.Mobile, emailOf.GetValueOrDefault(m.Id));
            }
        }

        return result;
    }
}
