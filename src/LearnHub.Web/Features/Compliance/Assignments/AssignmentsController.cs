using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Assignments;

public sealed class AssignmentForm
{
    /// <summary>"course:{id}" or "curriculum:{id}".</summary>
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Assign.What")]
    public string? What { get; set; }

    [Display(Name = "Admin.Person.Organization")]
    public int? Organization { get; set; }

    /// <summary>Mobile numbers of chosen people, one per line or separated by commas.</summary>
    [StringLength(4000, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assign.People")]
    public string? People { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Assign.DueOn")]
    public DateOnly? DueOn { get; set; }
}

public sealed record AssignmentChoice(string Value, string Label);

public sealed record AssignmentRow(int Id, string What, IReadOnlyList<string> Targets, DateOnly DueOn, DateTimeOffset AssignedAt);

public sealed record AssignmentsViewModel(IReadOnlyList<AssignmentChoice> Courses, IReadOnlyList<AssignmentChoice> Curricula,
    IReadOnlyList<AssignmentRow> Recent, DateOnly Today);

public sealed record CompletionViewModel(int Year, IReadOnlyList<CompletionCell> Cells);

/// <summary>
/// Supervisors and administrators put work on people (指派学习) and see how curricula are being completed,
/// by organization and tier, with the people behind each number. A supervisor sees and assigns only
/// within their supervising unit. An organization's contact person sees the plans of their organization's people but
/// assigns nothing.
/// </summary>
[Authorize(Roles = Roles.PeopleStaff)]
public sealed class AssignmentsController(CoursesDbContext db, PlanQueries plans, ComplianceQueries compliance, CurrentScope scope, UserManager<AppUser> users,
    Notifications.Notifier notifier, IStringLocalizer<SharedResource> t, ProgrammeClock clock) : Controller
{
    private static readonly char[] Separators = [',', '，', ';', '；', ' ', '\n', '\r', '\t', '、'];

    [Authorize(Roles = Roles.AdminOrSupervisor)]
    [HttpGet("/supervision/assignments")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        var today = clock.Today;
        var courses = await db.Courses.AsNoTracking().Where(c => c.Published).OrderBy(c => c.Title)
            .Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        var curricula = await db.Curricula.AsNoTracking().Where(c => c.Year >= today.Year).OrderBy(c => c.Year).ThenBy(c => c.Tier)
            .Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        return View(new AssignmentsViewModel(
            courses.Select(c => new AssignmentChoice("course:" + c.Id.ToString(CultureInfo.InvariantCulture), c.Title)).ToList(),
            curricula.Select(c => new AssignmentChoice("curriculum:" + c.Id.ToString(CultureInfo.InvariantCulture), c.Title)).ToList(),
            await RecentAsync(cancellationToken), today));
    }

    [Authorize(Roles = Roles.AdminOrSupervisor)]
    [HttpPost("/supervision/assignments")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(AssignmentForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var today = clock.Today;
        int? courseId = null;
        int? curriculumId = null;
        if (Parse(form.What, "course:") is { } c && await db.Courses.AnyAsync(x => x.Id == c && x.Published, cancellationToken))
        {
            courseId = c;
        }
        else if (Parse(form.What, "curriculum:") is { } k && await db.Curricula.AnyAsync(x => x.Id == k, cancellationToken))
        {
            curriculumId = k;
        }
        else if (form.What is not null)
        {
            ModelState.AddModelError(nameof(form.What), t["Validation.Required", t["Assign.What"]]);
        }

        if (form.DueOn is { } due && (due < today || due.Year > today.Year + 1))
        {
            ModelState.AddModelError(nameof(form.DueOn), t["Assign.DueOnRange"]);
        }

        // Targets are looked up inside the user's scope: a supervisor cannot reach another unit's people.
        var organizationId = form.Organization is { } o
            ? await db.Organizations.AsNoTracking().VisibleTo(scope).Where(x => x.Id == o).Select(x => (int?)x.Id).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (form.Organization is not null && organizationId is null)
        {
            ModelState.AddModelError(nameof(form.Organization), t["Assign.UnknownOrganization"]);
        }

        var mobiles = (form.People ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries).Select(MobileNumber.Normalize).Where(m => m.Length > 0).Distinct().ToList();
        var people = mobiles.Count == 0 ? [] : await db.People.AsNoTracking().VisibleTo(scope).Where(p => mobiles.Contains(p.Mobile))
            .Select(p => new { p.Id, p.Mobile }).ToListAsync(cancellationToken);
        var unknown = mobiles.Except(people.Select(p => p.Mobile)).ToList();
        if (unknown.Count > 0)
        {
            ModelState.AddModelError(nameof(form.People), t["Assign.UnknownPeople", string.Join("、", unknown.Take(5))]);
        }

        if (organizationId is null && people.Count == 0 && unknown.Count == 0 && form.Organization is null)
        {
            ModelState.AddModelError(nameof(form.People), t["Assign.NoTarget"]);
        }

        if (!ModelState.IsValid)
        {
            this.Flash(FlashKind.Error, AdminInput.Errors(ModelState));
            return Redirect("/supervision/assignments");
        }

        var assignment = new SupervisorAssignment
        {
            CourseId = courseId, CurriculumId = curriculumId, DueOn = form.DueOn!.Value,
            AssignedBy = users.GetUserId(User) ?? "", AssignedAt = clock.UtcNow,
        };
        if (organizationId is { } target)
        {
            assignment.Targets.Add(new AssignmentTarget { OrganizationId = target });
        }

        assignment.Targets.AddRange(people.Select(p => new AssignmentTarget { PersonId = p.Id }));
        db.SupervisorAssignments.Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
        await TellAssignedAsync(assignment, organizationId, people.Select(p => p.Id), cancellationToken);
        this.Flash(FlashKind.Notice, t["Assign.Saved"].Value);
        return Redirect("/supervision/assignments");
    }

    /// <summary>Everyone the assignment reaches is told what to learn and by when, once, by their own channels.</summary>
    private async Task TellAssignedAsync(SupervisorAssignment assignment, int? organizationId, IEnumerable<int> people, CancellationToken cancellationToken)
    {
        var title = assignment.CourseId is { } course
            ? await db.Courses.Where(c => c.Id == course).Select(c => c.Title).SingleAsync(cancellationToken)
            : await db.Curricula.Where(c => c.Id == assignment.CurriculumId).Select(c => c.Title).SingleAsync(cancellationToken);
        var targets = people.ToHashSet();
        if (organizationId is { } organization)
        {
            var today = clock.Today;
            targets.UnionWith(await db.People.Where(p => p.OrganizationId == organization && p.Positions.Any(x => x.EndedOn == null || x.EndedOn > today))
                .Select(p => p.Id).ToListAsync(cancellationToken));
        }

        var message = new Notifications.NotificationMessage("Notice.Assigned",
            [title, assignment.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], "/my/learning",
            string.Create(CultureInfo.InvariantCulture, $"assignment:{assignment.Id}"));
        foreach (var personId in targets)
        {
            await notifier.NotifyPersonAsync(personId, message, cancellationToken);
        }
    }

    [HttpGet("/supervision/plans")]
    public async Task<IActionResult> Completion(int? year, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        var selected = HoursYear.Clamp(year, clock.Today);
        var (_, cells) = await compliance.CompletionAsync(db.People.VisibleTo(scope), selected, cancellationToken);
        return View(new CompletionViewModel(selected, cells));
    }

    [HttpGet("/supervision/plans/export.xlsx")]
    public async Task<IActionResult> ExportXlsx(int? year, CancellationToken cancellationToken)
    {
        var selected = HoursYear.Clamp(year, clock.Today);
        var (report, cells) = await compliance.CompletionAsync(db.People.VisibleTo(scope), selected, cancellationToken);
        return File(PlansExport.Xlsx(cells, report, t), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"plans-{selected}.xlsx");
    }

    [HttpGet("/supervision/plans/export.csv")]
    public async Task<IActionResult> ExportCsv(int? year, CancellationToken cancellationToken)
    {
        var selected = HoursYear.Clamp(year, clock.Today);
        var (report, cells) = await compliance.CompletionAsync(db.People.VisibleTo(scope), selected, cancellationToken);
        return File(PlansExport.Csv(cells, report, t), "text/csv; charset=utf-8", $"plans-{selected}.csv");
    }

    [HttpGet("/supervision/plans/{personId:int}")]
    public async Task<IActionResult> Person(int personId, int? year, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        if (!await db.People.VisibleTo(scope).AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return NotFound();
        }

        var selected = HoursYear.Clamp(year, clock.Today);
        // The same row the trainee's page, the exports and the API are built from.
        var standing = (await compliance.PersonYearAsync(personId, selected, cancellationToken))!;
        var plan = standing.Plan!;
        var targets = await plans.TargetsAsync(plan.Plan.Items, cancellationToken);
        var replacements = await plans.ReplacementsAsync(plan.Plan.Items, cancellationToken);
        return View(new PersonPlanViewModel(plan, standing.Status, targets, replacements));
    }

    private async Task<IReadOnlyList<AssignmentRow>> RecentAsync(CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.VisibleTo(scope).Select(o => o.Id);
        var people = db.People.VisibleTo(scope).Select(p => p.Id);
        var rows = await db.SupervisorAssignments.AsNoTracking()
            .Where(a => a.Targets.Any(t => (t.OrganizationId != null && organizations.Contains(t.OrganizationId.Value))
                || (t.PersonId != null && people.Contains(t.PersonId.Value))))
            .OrderByDescending(a => a.Id).Take(30)
            .Select(a => new
            {
                a.Id, Course = a.Course!.Title, Curriculum = a.Curriculum!.Title, a.DueOn, a.AssignedAt,
                Organizations = a.Targets.Where(t => t.OrganizationId != null).Select(t => t.OrganizationId!.Value).ToList(),
                People = a.Targets.Where(t => t.PersonId != null).Select(t => t.PersonId!.Value).ToList(),
            })
            .ToListAsync(cancellationToken);
        var organizationIds = rows.SelectMany(r => r.Organizations).Distinct().ToList();
        var personIds = rows.SelectMany(r => r.People).Distinct().ToList();
        var organizationNames = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var personNames = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return rows.Select(r => new AssignmentRow(r.Id, r.Course ?? r.Curriculum ?? "",
            r.Organizations.Select(o => organizationNames.GetValueOrDefault(o, "")).Concat(r.People.Select(p => personNames.GetValueOrDefault(p, ""))).ToList(),
            r.DueOn, r.AssignedAt)).ToList();
    }

    private static int? Parse(string? value, string prefix) =>
        value is not null && value.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

public sealed record PersonPlanViewModel(PersonPlan Plan, ComplianceStatus? Status, IReadOnlyDictionary<(PlanItemKind, int), PlanTarget> Targets,
    IReadOnlyDictionary<int, PlanTarget> Replacements);
