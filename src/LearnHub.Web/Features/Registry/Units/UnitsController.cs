using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Registry.Units;

public sealed record UnitRow(int Id, string Code, string Name, int Organizations);

public sealed class UnitForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Code, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Validation.UnitCode")]
    [Display(Name = "Admin.Unit.Code")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Unit.Name")]
    public string Name { get; set; } = "";
}

/// <summary>A supervisor of a unit, as the unit's page lists them.</summary>
public sealed record UnitSupervisor(string Name, string? Mobile, string? Email, AccountState State);

/// <summary>A supervisor to add to a unit: with their mobile number (or e-mail) they get an account to activate.</summary>
public sealed class SupervisorForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.PersonName, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Unit.SupervisorName")]
    public string Name { get; set; } = "";

    [StringLength(FieldLimits.Mobile + 10, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Mobile")]
    public string? Mobile { get; set; }

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Email")]
    public string? Email { get; set; }
}

/// <summary>Supervising units (业务主管单位) and their supervisors' accounts: administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/units")]
public sealed class UnitsController(CoursesDbContext db, StaffAccounts accounts, AppIdentityDbContext identity, TimeProvider clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        return View(await db.SupervisingUnits.AsNoTracking().OrderBy(u => u.Code)
            .Select(u => new UnitRow(u.Id, u.Code, u.Name, u.Organizations.Count)).ToListAsync(cancellationToken));
    }

    [HttpGet("new")]
    public IActionResult Create() => EditView(null, new UnitForm());

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var unit = await db.SupervisingUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null)
        {
            return NotFound();
        }

        await LoadSupervisorsAsync(id, new SupervisorForm(), cancellationToken);
        return EditView(id, new UnitForm { Code = unit.Code, Name = unit.Name });
    }

    /// <summary>Adds a supervisor to the unit: an account with the Supervisor role, waiting for activation.</summary>
    [HttpPost("{id:int}/supervisors")]
    public async Task<IActionResult> AddSupervisor(int id, SupervisorForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var unit = await db.SupervisingUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null)
        {
            return NotFound();
        }

        var mobile = "";
        var email = form.Email?.Trim() ?? "";
        if (!string.IsNullOrWhiteSpace(form.Mobile) && !MobileNumber.TryNormalize(form.Mobile, out mobile))
        {
            ModelState.AddModelError(nameof(form.Mobile), t["Account.LoginInvalid"]);
        }
        else if (mobile.Length == 0 && email.Length == 0)
        {
            ModelState.AddModelError(nameof(form.Mobile), t["Admin.Unit.SupervisorContact"]);
        }

        var name = form.Name?.Trim() ?? "";
        if (ModelState.IsValid && await accounts.EnsureSupervisorAsync(id, name, mobile, email, write: false, cancellationToken) != StaffAccountProblem.None)
        {
            ModelState.AddModelError(nameof(form.Mobile), t["Account.TakenByAnother"]);
        }

        if (!ModelState.IsValid)
        {
            await LoadSupervisorsAsync(id, form, cancellationToken);
            return EditView(id, new UnitForm { Code = unit.Code, Name = unit.Name });
        }

        await accounts.EnsureSupervisorAsync(id, name, mobile, email, write: true, cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Unit.SupervisorAdded", name].Value);
        return Redirect($"/admin/units/{id}/edit");
    }

    private async Task LoadSupervisorsAsync(int unitId, SupervisorForm form, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var supervisors = await identity.Users.AsNoTracking().Where(u => u.SupervisingUnitId == unitId).OrderBy(u => u.DisplayName)
            .ToListAsync(cancellationToken);
        ViewData["Supervisors"] = supervisors.Select(u => new UnitSupervisor(u.DisplayName, u.PhoneNumber, u.Email, u.StateAt(now))).ToList();
        ViewData["SupervisorForm"] = form;
    }

    [HttpPost("new")]
    public Task<IActionResult> Create(UnitForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int id, UnitForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    private async Task<IActionResult> SaveAsync(int? id, UnitForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Code = form.Code?.Trim() ?? "";
        form.Name = form.Name?.Trim() ?? "";
        SupervisingUnit? unit = null;
        if (id is { } existing)
        {
            unit = await db.SupervisingUnits.SingleOrDefaultAsync(u => u.Id == existing, cancellationToken);
            if (unit is null)
            {
                return NotFound();
            }
        }

        if (ModelState.IsValid)
        {
            if (await db.SupervisingUnits.AnyAsync(u => u.Code == form.Code && u.Id != (id ?? 0), cancellationToken))
            {
                ModelState.AddModelError(nameof(form.Code), t["Admin.Unit.DuplicateCode"]);
            }

            if (await db.SupervisingUnits.AnyAsync(u => u.Name == form.Name && u.Id != (id ?? 0), cancellationToken))
            {
                ModelState.AddModelError(nameof(form.Name), t["Admin.Unit.DuplicateName"]);
            }
        }

        if (!ModelState.IsValid)
        {
            return EditView(id, form);
        }

        unit ??= db.SupervisingUnits.Add(new SupervisingUnit()).Entity;
        unit.Code = form.Code;
        unit.Name = form.Name;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect("/admin/units");
    }

    private ViewResult EditView(int? id, UnitForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        return View("Edit", form);
    }
}
