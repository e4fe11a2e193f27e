using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Audit;
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

public sealed record AssignmentRow(int Id, string What, IReadOnlyList<string> Targets, DateOnly DueOn, DateTimeOffset AssignedAt);

public sealed record AssignmentsViewModel(IReadOnlyList<AssignmentChoice> Courses, IReadOnlyList<AssignmentChoice> Curricula,
    IReadOnlyList<AssignmentRow> Recent, DateOnly Today, AssignmentForm Form, string? OrganizationLabel);

public sealed record CompletionViewModel(int Year, IReadOnlyList<CompletionCell> Cells, bool CanAssign)
{
    /// <summary>People with an incomplete curriculum, each once (a person of two tiers is in two cells).</summary>
    public int Incomplete { get; } = Cells.SelectMany(c => c.Incomplete).Select(p => p.PersonId).Distinct().Count();
}

/// <summary>
/// Supervisors and administrators put work on people (指派学习) and see how curricula are being completed,
/// by organization and tier, with the people behind each number. A supervisor sees and assigns only
/// within their supervising unit. An organization's contact person sees the plans of their organization's people but
/// assigns nothing.
/// </summary>
[Authorize(Roles = Roles.PeopleStaff)]
public sealed class AssignmentsController(CoursesDbContext db, PlanQueries plans, ComplianceQueries compliance, CurrentScope scope, UserManager<AppUser> users,
    SupervisorAssigning assigning, Supervision.SelectedPeople selectedPeople, IStringLocalizer<SharedResource> t, ProgrammeClock clock) : Controller
{
    private static readonly char[] Separators = [',', '，', ';', '；', ' ', '\n', '\r', '\t', '、'];

    [Authorize(Roles = Roles.AdminOrSupervisor)]
    [HttpGet("/supervision/assignments")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        await FormViewAsync(new AssignmentForm { DueOn = clock.Today.AddDays(30) }, cancellationToken);

    [Authorize(Roles = Roles.AdminOrSupervisor)]
    [HttpPost("/supervision/assignments")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(AssignmentForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var work = await assigning.WorkAsync(form.What, cancellationToken);
        if (work is null && form.What is not null)
        {
            ModelState.AddModelError(nameof(form.What), t["Validation.Choose", t["Assign.What"]]);
        }

        if (form.DueOn is { } due && !assigning.DueInRange(due))
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
            // The form comes back as it was typed, with the refusal beside the field: nothing to type again.
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await FormViewAsync(form, cancellationToken);
        }

        var told = await assigning.AssignAsync(work!, form.DueOn!.Value, organizationId, people.Select(p => p.Id).ToList(),
            users.GetUserId(User) ?? "", cancellationToken);
        this.Flash(FlashKind.Notice, t["Assign.SavedTold", told].Value);
        return Redirect("/supervision/assignments");
    }

    private async Task<IActionResult> FormViewAsync(AssignmentForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        var (courses, curricula) = await assigning.ChoicesAsync(cancellationToken);
        var label = await Registry.Organizations.OrganizationLabels.PickedAsync(db.Organizations.VisibleTo(scope), form.Organization, cancellationToken);
        return View("Index", new AssignmentsViewModel(courses, curricula, await RecentAsync(cancellationToken), clock.Today, form, label));
    }

    [HttpGet("/supervision/plans")]
    public async Task<IActionResult> Completion(int? year, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        var selected = HoursYear.Clamp(year, clock.Today);
        var (_, cells) = await compliance.CompletionAsync(db.People.VisibleTo(scope), selected, cancellationToken);
        return View(new CompletionViewModel(selected, cells, scope.MayAssign));
    }

    [HttpGet("/supervision/plans/export.xlsx")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> ExportXlsx(int? year, CancellationToken cancellationToken)
    {
        var (report, cells, contacts) = await ExportAsync(year, cancellationToken);
        return File(PlansExport.Xlsx(cells, report, contacts, t), Supervision.SpreadsheetExport.XlsxType, $"plans-{report.Year}.xlsx");
    }

    [HttpGet("/supervision/plans/export.csv")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> ExportCsv(int? year, CancellationToken cancellationToken)
    {
        var (report, cells, contacts) = await ExportAsync(year, cancellationToken);
        return File(PlansExport.Csv(cells, report, contacts, t), "text/csv; charset=utf-8", $"plans-{report.Year}.csv");
    }

    [HttpGet("/supervision/plans/export.zip")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> ExportZip(int? year, CancellationToken cancellationToken)
    {
        var (report, cells, contacts) = await ExportAsync(year, cancellationToken);
        return File(PlansExport.ZipByOrganization(cells, report, contacts, t), "application/zip", $"plans-{report.Year}-by-organization.zip");
    }

    private async Task<(ComplianceReport Report, IReadOnlyList<CompletionCell> Cells, IReadOnlyDictionary<int, (string Mobile, string? Email)> Contacts)>
        ExportAsync(int? year, CancellationToken cancellationToken)
    {
        var (report, cells) = await compliance.CompletionAsync(db.People.VisibleTo(scope), HoursYear.Clamp(year, clock.Today), cancellationToken);
        var people = cells.SelectMany(c => c.Incomplete.Concat(c.Complete)).Select(p => p.PersonId).Distinct().ToList();
        return (report, cells, await selectedPeople.ContactsAsync(people, cancellationToken));
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
        // An assignment may also reach other units: only the targets inside the user's scope are named.
        var organizationNames = await db.Organizations.AsNoTracking().VisibleTo(scope).Where(o => organizationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var personNames = await db.People.AsNoTracking().VisibleTo(scope).Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return rows.Select(r => new AssignmentRow(r.Id, r.Course ?? r.Curriculum ?? "",
            r.Organizations.Where(organizationNames.ContainsKey).Select(o => organizationNames[o])
                .Concat(r.People.Where(personNames.ContainsKey).Select(p => personNames[p])).ToList(),
            r.DueOn, r.AssignedAt)).ToList();
    }
}

public sealed record PersonPlanViewModel(PersonPlan Plan, ComplianceStatus? Status, IReadOnlyDictionary<(PlanItemKind, int), PlanTarget> Targets,
    IReadOnlyDictionary<int, PlanTarget> Replacements);
