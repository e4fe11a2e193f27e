using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Lecturers;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Admin.Lecturers;

public sealed record LecturerRow(int Id, string Key, string Name, string Title, string Affiliation, ExpertiseArea Expertise);

public sealed record LecturerList(IReadOnlyList<LecturerRow> Items, string? Search);

public sealed class LecturerForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Code, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[a-z0-9][a-z0-9-]*$", ErrorMessage = "Validation.Slug")]
    [Display(Name = "Admin.Lecturer.Key")]
    public string Key { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.PersonName, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lecturer.Name")]
    public string Name { get; set; } = "";

    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lecturer.Title")]
    public string? Title { get; set; }

    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lecturer.Affiliation")]
    public string? Affiliation { get; set; }

    [Display(Name = "Admin.Lecturer.Expertise")]
    public List<ExpertiseArea> Expertise { get; set; } = [];

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lecturer.Bio")]
    public string? Bio { get; set; }

    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Lecturer.Availability")]
    public string? Availability { get; set; }

    [Display(Name = "Admin.Lecturer.AppointedFrom")]
    public DateOnly? AppointedFrom { get; set; }

    [Display(Name = "Admin.Lecturer.AppointedUntil")]
    public DateOnly? AppointedUntil { get; set; }
}

/// <summary>The lecturer pool (师资库): administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/lecturers")]
public sealed class LecturersController(CoursesDbContext db, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var search = AdminInput.Search(q);
        var query = db.Lecturers.AsNoTracking();
        if (search is not null)
        {
            query = query.Where(l => l.Name.Contains(search) || l.Affiliation.Contains(search));
        }

        var rows = await query.OrderBy(l => l.Key)
            .Select(l => new LecturerRow(l.Id, l.Key, l.Name, l.Title, l.Affiliation, l.Expertise)).ToListAsync(cancellationToken);
        return View(new LecturerList(rows, search));
    }

    [HttpGet("new")]
    public IActionResult Create() => EditView(null, new LecturerForm());

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var l = await db.Lecturers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return l is null ? NotFound() : EditView(id, new LecturerForm
        {
            Key = l.Key, Name = l.Name, Title = l.Title, Affiliation = l.Affiliation, Bio = l.Bio, Availability = l.Availability,
            AppointedFrom = l.AppointedFrom, AppointedUntil = l.AppointedUntil,
            Expertise = Enum.GetValues<ExpertiseArea>().Where(e => e != ExpertiseArea.None && l.Expertise.HasFlag(e)).ToList(),
        });
    }

    [HttpPost("new")]
    public Task<IActionResult> Create(LecturerForm form, CancellationToken cancellationToken) => SaveAsync(null, form, cancellationToken);

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int id, LecturerForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    private async Task<IActionResult> SaveAsync(int? id, LecturerForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Key = form.Key?.Trim() ?? "";
        form.Name = form.Name?.Trim() ?? "";
        Lecturer? lecturer = null;
        if (id is { } existing)
        {
            lecturer = await db.Lecturers.SingleOrDefaultAsync(l => l.Id == existing, cancellationToken);
            if (lecturer is null)
            {
                return NotFound();
            }
        }

        if (ModelState.IsValid && await db.Lecturers.AnyAsync(l => l.Key == form.Key && l.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.Key), t["Admin.Lecturer.DuplicateKey"]);
        }

        if (form.AppointedFrom is { } from && form.AppointedUntil is { } until && until < from)
        {
            ModelState.AddModelError(nameof(form.AppointedUntil), t["Admin.Lecturer.TermOrder"]);
        }

        if (!ModelState.IsValid)
        {
            return EditView(id, form);
        }

        lecturer ??= db.Lecturers.Add(new Lecturer()).Entity;
        lecturer.Key = form.Key;
        lecturer.Name = form.Name;
        lecturer.Title = form.Title?.Trim() ?? "";
        lecturer.Affiliation = form.Affiliation?.Trim() ?? "";
        lecturer.Bio = form.Bio?.Trim() ?? "";
        lecturer.Availability = form.Availability?.Trim() ?? "";
        lecturer.AppointedFrom = form.AppointedFrom;
        lecturer.AppointedUntil = form.AppointedUntil;
        lecturer.Expertise = form.Expertise.Where(e => Enum.IsDefined(e)).Aggregate(ExpertiseArea.None, (a, e) => a | e);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Notice"] = t["Admin.Saved"].Value;
        return Redirect("/admin/lecturers");
    }

    private ViewResult EditView(int? id, LecturerForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        return View("Edit", form);
    }
}
