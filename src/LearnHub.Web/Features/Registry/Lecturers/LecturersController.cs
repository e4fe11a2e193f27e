using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Web.Features.Registry.LecturerProfile;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Registry.Lecturers;

public sealed record LecturerRow(int Id, string Name, string Title, string Affiliation, ExpertiseArea Expertise);

public sealed record LecturerList(IReadOnlyList<LecturerRow> Items, string? Search);

/// <summary>The administrators' form: the lecturer's own profile fields plus name, key and appointment term.</summary>
public sealed class LecturerForm : ProfileForm
{
    /// <summary>Left empty, one is made up ("lecturer-12").</summary>
    [StringLength(FieldLimits.Code, ErrorMessage = "Validation.TooLong")]
    [RegularExpression("^[a-z0-9][a-z0-9-]*$", ErrorMessage = "Validation.Slug")]
    [Display(Name = "Admin.Lecturer.Key")]
    public string? Key { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.PersonName, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lecturer.Name")]
    public string Name { get; set; } = "";

    /// <summary>With a mobile number (or e-mail) the lecturer gets an account, activated like everyone's.</summary>
    [StringLength(FieldLimits.Mobile + 10, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Mobile")]
    public string? Mobile { get; set; }

    [EmailAddress(ErrorMessage = "Validation.Email")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Account.Email")]
    public string? Email { get; set; }

    [Display(Name = "Admin.Lecturer.AppointedFrom")]
    public DateOnly? AppointedFrom { get; set; }

    [Display(Name = "Admin.Lecturer.AppointedUntil")]
    public DateOnly? AppointedUntil { get; set; }
}

/// <summary>The lecturer pool (师资库): administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/lecturers")]
public sealed class LecturersController(CoursesDbContext db, StaffAccounts accounts, IStringLocalizer<SharedResource> t) : Controller
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

        var rows = await query.OrderBy(l => l.Name).ThenBy(l => l.Id)
            .Select(l => new LecturerRow(l.Id, l.Name, l.Title, l.Affiliation, l.Expertise)).ToListAsync(cancellationToken);
        return View(new LecturerList(rows, search));
    }

    [HttpGet("new")]
    public IActionResult Create() => EditView(null, new LecturerForm());

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var l = await db.Lecturers.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (l is null)
        {
            return NotFound();
        }

        var form = new LecturerForm
        {
            Key = l.Key, Name = l.Name, AppointedFrom = l.AppointedFrom, AppointedUntil = l.AppointedUntil, Mobile = l.Mobile, Email = l.Email,
        };
        form.Load(l);
        return EditView(id, form);
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

        if (ModelState.IsValid && form.Key.Length > 0 && await db.Lecturers.AnyAsync(l => l.Key == form.Key && l.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.Key), t["Admin.Lecturer.DuplicateKey"]);
        }

        if (form.AppointedFrom is { } from && form.AppointedUntil is { } until && until < from)
        {
            ModelState.AddModelError(nameof(form.AppointedUntil), t["Admin.Lecturer.TermOrder"]);
        }

        var mobile = "";
        if (!string.IsNullOrWhiteSpace(form.Mobile) && !MobileNumber.TryNormalize(form.Mobile, out mobile))
        {
            ModelState.AddModelError(nameof(form.Mobile), t["Account.LoginInvalid"]);
        }

        var email = form.Email?.Trim() ?? "";
        if (ModelState.IsValid && await accounts.EnsureLecturerAsync(id ?? 0, form.Name, mobile, email, write: false, cancellationToken) is var problem
            && problem != StaffAccountProblem.None)
        {
            ModelState.AddModelError(problem == StaffAccountProblem.MobileTaken ? nameof(form.Mobile) : nameof(form.Email), t["Account.TakenByAnother"]);
        }

        if (!ModelState.IsValid)
        {
            return EditView(id, form);
        }

        lecturer ??= db.Lecturers.Add(new Lecturer()).Entity;
        lecturer.Mobile = mobile;
        lecturer.Email = email;
        lecturer.Key = form.Key.Length > 0 ? form.Key
            : lecturer.Key.Length > 0 ? lecturer.Key : await GeneratedKeys.NextAsync(db.Lecturers.Select(l => l.Key), "lecturer", cancellationToken);
        lecturer.Name = form.Name;
        form.ApplyTo(lecturer);
        lecturer.AppointedFrom = form.AppointedFrom;
        lecturer.AppointedUntil = form.AppointedUntil;
        await db.SaveChangesAsync(cancellationToken);
        await accounts.EnsureLecturerAsync(lecturer.Id, lecturer.Name, mobile, email, write: true, cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect("/admin/lecturers");
    }

    private ViewResult EditView(int? id, LecturerForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        return View("Edit", form);
    }
}
