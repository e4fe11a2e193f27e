using LearnHub.Web.Features.Admin;
using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Registry.Organizations;

public sealed record OrganizationFilter(string? Search, OrganizationKind? Kind, OrganizationField? Field, EvaluationGrade? Grade, int? UnitId);

public sealed record OrganizationRow(int Id, string Name, string CreditCode, OrganizationKind Kind, OrganizationField Field,
    EvaluationGrade Grade, string Unit, int People);

public sealed record UnitOption(int Id, string Name);

public sealed record OrganizationListViewModel(OrganizationFilter Filter, Paged<OrganizationRow> Rows, IReadOnlyList<UnitOption> Units, bool CanWrite,
    IReadOnlyDictionary<int, IReadOnlyList<string>> Contacts);

public sealed record PersonInOrganization(int Id, string Name, string Mobile, Tier Tiers, IReadOnlyList<PositionKind> Positions);

public sealed record LifecycleEventView(int Id, LifecycleStage Stage, DateOnly Date, DateOnly DueOn, string Note, IReadOnlyList<string> Courses);

public sealed record OrganizationDetailsViewModel(Organization Organization, IReadOnlyList<PersonInOrganization> People,
    IReadOnlyList<LifecycleEventView> Events, bool CanWrite);

public sealed class OrganizationForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Organization.Name")]
    public string Name { get; set; } = "";

    // Checked by CreditCode.Validate so that the user sees the specific reason.
    [Display(Name = "Admin.Organization.CreditCode")]
    public string? CreditCode { get; set; }

    [Required(ErrorMessage = "Validation.Choose")]
    [Display(Name = "Admin.Organization.Kind")]
    public OrganizationKind? Kind { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Organization.Field")]
    public OrganizationField? Field { get; set; }

    [Display(Name = "Admin.Organization.Grade")]
    public EvaluationGrade Grade { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Organization.PartyForm")]
    public PartyOrganizationForm? PartyForm { get; set; }

    [Required(ErrorMessage = "Validation.Choose")]
    [Display(Name = "Admin.Organization.Unit")]
    public int? SupervisingUnitId { get; set; }
}

/// <summary>Organizations (社会组织): administrators read and write; a supervisor reads their own unit's, a contact person their own organization.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.PeopleStaff)]
[Route("/admin/organizations")]
public sealed class OrganizationsController(CoursesDbContext db, CurrentScope scope, ContactPersons contacts, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, OrganizationKind? kind, OrganizationField? field, EvaluationGrade? grade, int? unit, int? page,
        CancellationToken cancellationToken)
    {
        // Only an administrator picks a unit; everyone else's reach is already the scope's.
        var filter = new OrganizationFilter(AdminInput.Search(q), AdminInput.Defined(kind), AdminInput.Defined(field), AdminInput.Defined(grade),
            scope.IsAdmin ? unit : null);
        var query = Scoped();
        if (filter.Search is { } s)
        {
            var code = CreditCode.Normalize(s);
            query = query.Where(o => o.Name.Contains(s) || o.CreditCode.Contains(code));
        }

        if (filter.Kind is { } k) query = query.Where(o => o.Kind == k);
        if (filter.Field is { } f) query = query.Where(o => o.Field == f);
        if (filter.Grade is { } g) query = query.Where(o => o.Grade == g);
        if (filter.UnitId is { } u) query = query.Where(o => o.SupervisingUnitId == u);
        var number = Paging.Clamp(page);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((number - 1) * Paging.Size).Take(Paging.Size)
            .Select(o => new OrganizationRow(o.Id, o.Name, o.CreditCode, o.Kind, o.Field, o.Grade, o.SupervisingUnit!.Name,
                db.People.Count(p => p.OrganizationId == o.Id)))
            .ToListAsync(cancellationToken);
        ViewData["Section"] = "admin";
        return View(new OrganizationListViewModel(filter, new Paged<OrganizationRow>(rows, number, total),
            await UnitsAsync(cancellationToken), scope.IsAdmin, await contacts.NamesAsync(rows.Select(r => r.Id).ToList(), cancellationToken)));
    }

    /// <summary>Matches for the organization search box: by name or credit code, within what the user may see.</summary>
    [HttpGet("lookup")]
    public async Task<IActionResult> Lookup(string? q, CancellationToken cancellationToken)
    {
        if (AdminInput.Search(q) is not { } s)
        {
            return Json(Array.Empty<OrganizationMatch>());
        }

        var code = CreditCode.Normalize(s);
        var matches = await Scoped().Where(o => o.Name.Contains(s) || o.CreditCode.StartsWith(code))
            .OrderBy(o => o.Name.Length).ThenBy(o => o.Name).Take(20)
            .Select(o => new { o.Id, o.Name, o.CreditCode }).ToListAsync(cancellationToken);
        return Json(matches.Select(o => new OrganizationMatch(o.Id, OrganizationLabels.Of(o.Name, o.CreditCode))));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var organization = await Scoped().Include(o => o.SupervisingUnit).SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            // Another unit's organization is indistinguishable from a missing one.
            return NotFound();
        }

        var people = await db.People.AsNoTracking().Include(p => p.Positions).Where(p => p.OrganizationId == id)
            .OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var events = await db.OrganizationEvents.AsNoTracking().Where(e => e.OrganizationId == id)
            .OrderByDescending(e => e.Date).Select(e => new { e.Id, e.Stage, e.Date, e.DueOn, e.Note }).ToListAsync(cancellationToken);
        var sets = await db.LifecycleCourses.AsNoTracking().OrderBy(c => c.Course!.Title)
            .Select(c => new { c.Stage, c.Course!.Title }).ToListAsync(cancellationToken);
        ViewData["Section"] = "admin";
        return View(new OrganizationDetailsViewModel(organization, people.Select(p => new PersonInOrganization(p.Id, p.Name, p.Mobile, p.Tiers,
            p.Positions.Where(x => x.EndedOn is null).Select(x => x.Kind).Order().ToList())).ToList(),
            events.Select(e => new LifecycleEventView(e.Id, e.Stage, e.Date, e.DueOn, e.Note,
                sets.Where(c => c.Stage == e.Stage).Select(c => c.Title).ToList())).ToList(), scope.IsAdmin));
    }

    [Authorize(Roles = Roles.Admin)]
    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken) =>
        await EditViewAsync(null, new OrganizationForm(), cancellationToken);

    [Authorize(Roles = Roles.Admin)]
    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var o = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return o is null ? NotFound() : await EditViewAsync(id, new OrganizationForm
        {
            Name = o.Name, CreditCode = o.CreditCode, Kind = o.Kind, Field = o.Field, Grade = o.Grade, PartyForm = o.PartyForm,
            SupervisingUnitId = o.SupervisingUnitId,
        }, cancellationToken);
    }

    [Authorize(Roles = Roles.Admin)]
    [HttpPost("new")]
    public Task<IActionResult> Create(OrganizationForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [Authorize(Roles = Roles.Admin)]
    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int id, OrganizationForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    private async Task<IActionResult> SaveAsync(int? id, OrganizationForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        Organization? organization = null;
        if (id is { } existing && (organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == existing, cancellationToken)) is null)
        {
            return NotFound();
        }

        form.Name = form.Name?.Trim() ?? "";
        var code = CreditCode.Normalize(form.CreditCode);
        if (CreditCode.Validate(code) is { } error)
        {
            ModelState.AddModelError(nameof(form.CreditCode), t[$"CreditCodeError.{error}"]);
        }
        else if (await db.Organizations.AnyAsync(o => o.CreditCode == code && o.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.CreditCode), t["Admin.Organization.DuplicateCode", code]);
        }

        CheckDefined(form.Kind, nameof(form.Kind));
        CheckDefined(form.Field, nameof(form.Field));
        CheckDefined(form.PartyForm, nameof(form.PartyForm));
        CheckDefined<EvaluationGrade>(form.Grade, nameof(form.Grade));
        if (form.SupervisingUnitId is { } unitId && !await db.SupervisingUnits.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            ModelState.AddModelError(nameof(form.SupervisingUnitId), t["Validation.Required", t["Admin.Organization.Unit"]]);
        }

        if (!ModelState.IsValid)
        {
            return await EditViewAsync(id, form, cancellationToken);
        }

        organization ??= db.Organizations.Add(new Organization()).Entity;
        organization.Name = form.Name;
        organization.CreditCode = code;
        organization.Kind = form.Kind!.Value;
        organization.Field = form.Field!.Value;
        organization.Grade = form.Grade;
        organization.PartyForm = form.PartyForm!.Value;
        organization.SupervisingUnitId = form.SupervisingUnitId!.Value;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/organizations/{organization.Id}");
    }

    private void CheckDefined<T>(T? value, string key)
        where T : struct, Enum
    {
        // A single flag only: the form offers one field per organization.
        if (value is { } v && (!Enum.IsDefined(v) || (typeof(T) == typeof(OrganizationField) && Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) == 0)))
        {
            ModelState.AddModelError(key, t["Validation.Required", t[$"Admin.Organization.{key}"]]);
        }
    }

    private IQueryable<Organization> Scoped()
    {
        return db.Organizations.AsNoTracking().VisibleTo(scope);
    }

    private async Task<IReadOnlyList<UnitOption>> UnitsAsync(CancellationToken cancellationToken)
    {
        return await db.SupervisingUnits.AsNoTracking().VisibleTo(scope, db.Organizations).OrderBy(u => u.Name)
            .Select(u => new UnitOption(u.Id, u.Name)).ToListAsync(cancellationToken);
    }

    private async Task<IActionResult> EditViewAsync(int? id, OrganizationForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        ViewData["Units"] = await UnitsAsync(cancellationToken);
        return View("Edit", form);
    }
}
