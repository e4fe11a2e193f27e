using LearnHub.Web.Features.Admin;
using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Calendar;
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

namespace LearnHub.Web.Features.Registry.People;

public sealed record PeopleFilter(string? Search, int? OrganizationId, Tier? Tier);

public sealed record PersonRow(int Id, string Name, string Mobile, int OrganizationId, string Organization, Tier Tiers);


public sealed record PeopleListViewModel(PeopleFilter Filter, Paged<PersonRow> Rows, string? OrganizationLabel, bool CanWrite);

public sealed class PositionInput
{
    public PositionKind Kind { get; set; }

    public bool Held { get; set; }

    [Display(Name = "Admin.Person.AppointedOn")]
    public DateOnly? AppointedOn { get; set; }
}

public sealed class PersonForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.PersonName, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Person.Name")]
    public string Name { get; set; } = "";

    [Display(Name = "Admin.Person.Gender")]
    public Gender Gender { get; set; }

    /// <summary>Checked by <see cref="MobileNumber"/> once bound, so spaces, dashes and +86 are accepted as in the roster import.</summary>
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Person.Mobile")]
    public string Mobile { get; set; } = "";

    [Required(ErrorMessage = "Validation.Choose")]
    [Display(Name = "Admin.Person.Organization")]
    public int? OrganizationId { get; set; }

    public List<PositionInput> Positions { get; set; } = [];
}

/// <summary>
/// People (人员) and their positions: administrators write; a supervisor reads their own unit's; an organization's contact
/// person (联络员) reads and writes their own organization's. Who may write whose people is <see cref="PeopleEditorRequirement"/>.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.PeopleStaff)]
[Route("/admin/people")]
public sealed class PeopleController(CoursesDbContext db, CurrentScope scope, ProgrammeClock clock, PersonAccounts accounts,
    IAuthorizationService authorization, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Editors = Roles.Admin + "," + Roles.Contact;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int? organization, Tier? tier, int? page, CancellationToken cancellationToken)
    {
        var filter = new PeopleFilter(AdminInput.Search(q), organization, tier is { } x && TierRules.All.Contains(x) ? x : null);
        var query = db.People.AsNoTracking().VisibleTo(scope);
        if (filter.Search is { } s) query = query.Where(p => p.Name.Contains(s) || p.Mobile.Contains(s));
        if (filter.OrganizationId is { } o) query = query.Where(p => p.OrganizationId == o);
        if (filter.Tier is { } tr) query = query.Where(p => (p.Tiers & tr) == tr);
        var number = Paging.Clamp(page);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((number - 1) * Paging.Size).Take(Paging.Size)
            .Select(p => new PersonRow(p.Id, p.Name, p.Mobile, p.OrganizationId, p.Organization!.Name, p.Tiers))
            .ToListAsync(cancellationToken);
        ViewData["Section"] = "admin";
        return View(new PeopleListViewModel(filter, new Paged<PersonRow>(rows, number, total), await OrganizationLabelAsync(filter.OrganizationId, cancellationToken),
            scope.IsAdmin || scope.ContactOrganizationId is not null));
    }

    [Authorize(Roles = Editors)]
    [HttpGet("new")]
    public async Task<IActionResult> Create(int? organization, CancellationToken cancellationToken) =>
        await EditViewAsync(null, WithAllPositions(new PersonForm { OrganizationId = scope.ContactOrganizationId ?? organization }), cancellationToken);

    [Authorize(Roles = Editors)]
    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().VisibleTo(scope).Include(p => p.Positions).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        if (!await authorization.MayEditPeopleOfAsync(User, person.OrganizationId))
        {
            return Forbid();
        }

        if (person.IsErased)
        {
            // Nothing left to edit: the row only keeps the statistics true.
            ViewData["Erased"] = true;
            return await EditViewAsync(id, new PersonForm { Name = person.Name, OrganizationId = person.OrganizationId }, cancellationToken);
        }

        var form = new PersonForm { Name = person.Name, Gender = person.Gender, Mobile = person.Mobile, OrganizationId = person.OrganizationId };
        form.Positions.AddRange(person.Positions.Where(p => p.EndedOn is null)
            .Select(p => new PositionInput { Kind = p.Kind, Held = true, AppointedOn = p.AppointedOn }));
        return await EditViewAsync(id, WithAllPositions(form), cancellationToken);
    }

    [Authorize(Roles = Editors)]
    [HttpPost("new")]
    public Task<IActionResult> Create(PersonForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [Authorize(Roles = Editors)]
    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int id, PersonForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    /// <summary>
    /// Takes a person off the roster (移出名册): every position they hold ends today; their training records stay, and
    /// their account is disabled (it is enabled again if they are given a position later).
    /// </summary>
    [Authorize(Roles = Editors)]
    [HttpPost("{id:int}/leave")]
    public async Task<IActionResult> Leave(int id, CancellationToken cancellationToken)
    {
        var person = await db.People.VisibleTo(scope).Include(p => p.Positions).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null || person.IsErased)
        {
            return NotFound();
        }

        if (!await authorization.MayEditPeopleOfAsync(User, person.OrganizationId))
        {
            return Forbid();
        }

        foreach (var kind in person.Positions.Where(p => p.EndedOn is null).Select(p => p.Kind).Distinct().ToList())
        {
            person.EndPosition(kind, clock.Today);
        }

        await db.SaveChangesAsync(cancellationToken);
        await accounts.SyncAsync([person.Id], cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Person.Left", person.Name].Value);
        return Redirect($"/admin/organizations/{person.OrganizationId}");
    }

    private async Task<IActionResult> SaveAsync(int? id, PersonForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        Person? person = null;
        if (id is { } existing &&
            ((person = await db.People.VisibleTo(scope).Include(p => p.Positions).SingleOrDefaultAsync(p => p.Id == existing, cancellationToken)) is null
                || person.IsErased))
        {
            return NotFound();
        }

        // Both ends of an edit: whom the person belongs to now, and where the form would put them.
        if ((person is not null && !await authorization.MayEditPeopleOfAsync(User, person.OrganizationId))
            || (form.OrganizationId is { } target && !await authorization.MayEditPeopleOfAsync(User, target)))
        {
            return Forbid();
        }

        form.Name = form.Name?.Trim() ?? "";
        var mobileTyped = form.Mobile is not null;
        form.Mobile = MobileNumber.Normalize(form.Mobile);
        if (mobileTyped && !MobileNumber.IsValid(form.Mobile))
        {
            ModelState.AddModelError(nameof(form.Mobile), t["Validation.Mobile", t["Admin.Person.Mobile"]]);
        }

        if (!Enum.IsDefined(form.Gender))
        {
            form.Gender = Gender.Unknown;
        }

        form.Positions = WithAllPositions(new PersonForm { Positions = form.Positions.Where(p => Enum.IsDefined(p.Kind)).ToList() }).Positions;
        var today = clock.Today;
        var held = form.Positions.Where(p => p.Held).ToList();
        if (held.Count == 0)
        {
            ModelState.AddModelError(nameof(form.Positions), t["Admin.Person.NoPosition"]);
        }

        for (var i = 0; i < form.Positions.Count; i++)
        {
            var position = form.Positions[i];
            if (position.Held && position.AppointedOn is null)
            {
                ModelState.AddModelError($"Positions[{i}].AppointedOn", t["Admin.Person.DateRequired", t.Label(position.Kind)]);
            }
            else if (position.Held && position.AppointedOn > today)
            {
                ModelState.AddModelError($"Positions[{i}].AppointedOn", t["Admin.Person.DateInFuture", t.Label(position.Kind)]);
            }
        }

        if (form.OrganizationId is { } organizationId && !await db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken))
        {
            ModelState.AddModelError(nameof(form.OrganizationId), t["Validation.Choose", t["Admin.Person.Organization"]]);
        }

        if (ModelState.IsValid && await db.People.AnyAsync(p => p.Mobile == form.Mobile && p.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.Mobile), t["Admin.Person.DuplicateMobile", form.Mobile]);
        }

        if (!ModelState.IsValid)
        {
            return await EditViewAsync(id, form, cancellationToken);
        }

        person ??= db.People.Add(new Person()).Entity;
        person.Name = form.Name;
        person.Gender = form.Gender;
        person.Mobile = form.Mobile;
        person.OrganizationId = form.OrganizationId!.Value;
        person.SetPositions(held.Select(p => (p.Kind, p.AppointedOn!.Value)), today);
        await db.SaveChangesAsync(cancellationToken);
        // The account follows the person's number and name, and is made for someone new.
        await accounts.SyncAsync([person.Id], cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/organizations/{person.OrganizationId}");
    }

    /// <summary>One row per position kind, in order, keeping what the user entered.</summary>
    private static PersonForm WithAllPositions(PersonForm form)
    {
        form.Positions = Enum.GetValues<PositionKind>()
            .Select(kind => form.Positions.FirstOrDefault(p => p.Kind == kind) ?? new PositionInput { Kind = kind })
            .ToList();
        return form;
    }

    private Task<string?> OrganizationLabelAsync(int? id, CancellationToken cancellationToken) =>
        Organizations.OrganizationLabels.PickedAsync(db.Organizations.VisibleTo(scope), id, cancellationToken);

    private async Task<IActionResult> EditViewAsync(int? id, PersonForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        ViewData["OrganizationLabel"] = await OrganizationLabelAsync(form.OrganizationId, cancellationToken);
        // A contact person keeps people in their own organization: no picker to offer another.
        ViewData["OrganizationFixed"] = scope.ContactOrganizationId is not null;
        return View("Edit", form);
    }
}
