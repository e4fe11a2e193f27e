using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Identity;
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

/// <summary>Supervising units (业务主管单位): administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/units")]
public sealed class UnitsController(CoursesDbContext db, IStringLocalizer<SharedResource> t) : Controller
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
        return unit is null ? NotFound() : EditView(id, new UnitForm { Code = unit.Code, Name = unit.Name });
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
