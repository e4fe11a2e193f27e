using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Account.PersonalData;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Registry.People;

public sealed class ErasureForm
{
    /// <summary>The request's reference or reason (申请编号或理由), kept in the audit log in place of the erased data.</summary>
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Privacy.Erase.Reference")]
    public string Reference { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Privacy.Erase.ConfirmName")]
    public string ConfirmName { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Privacy.Erase.Password")]
    public string Password { get; set; } = "";
}

public sealed record ErasureViewModel(int PersonId, string Name, string Organization, bool HasAccount, IReadOnlyList<ErasureObstacle> Obstacles, ErasureForm Form);

/// <summary>
/// The system administrator erases a person's personal data on their request (<see cref="PersonalDataErasure"/>).
/// Only the system administrator: the security and audit administrators, supervisors and contact persons may not.
/// It takes the administrator's own password (a left-open browser must not erase anyone) and the person's name typed
/// again (the page's person, not a neighbour in the list).
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/people/{id:int}/erase")]
public sealed class ErasureController(CoursesDbContext db, AppIdentityDbContext identity, PersonalDataErasure erasure, UserManager<AppUser> users,
    SignInManager<AppUser> signIn, AuditTrail trail, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, CancellationToken cancellationToken) =>
        await PageAsync(id, new ErasureForm(), cancellationToken) ?? NotFound();

    [HttpPost("")]
    public async Task<IActionResult> Erase(int id, ErasureForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var person = await db.People.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Name, p.Mobile }).SingleOrDefaultAsync(cancellationToken);
        if (person is null || person.Mobile.StartsWith(Courses.Registry.People.Person.ErasedMobilePrefix, StringComparison.Ordinal))
        {
            return NotFound();
        }

        form.Reference = form.Reference?.Trim() ?? "";
        if (ModelState.IsValid && !string.Equals(form.ConfirmName?.Trim(), person.Name, StringComparison.Ordinal))
        {
            ModelState.AddModelError(nameof(form.ConfirmName), t["Privacy.Erase.NameMismatch"]);
        }

        // Wrong passwords count towards the administrator's lockout, as at sign-in.
        if (ModelState.IsValid && (await users.GetUserAsync(User) is not { } admin
            || !(await signIn.CheckPasswordSignInAsync(admin, form.Password, lockoutOnFailure: true)).Succeeded))
        {
            ModelState.AddModelError(nameof(form.Password), t["Account.Password.Wrong"]);
        }

        var obstacles = await erasure.ObstaclesAsync(id, cancellationToken);
        if (!ModelState.IsValid || obstacles.Count > 0)
        {
            form.Password = "";
            var page = await PageAsync(id, form, cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page!;
        }

        await erasure.EraseAsync(id, cancellationToken);
        // The reference is what the log keeps; should it repeat the name or number, those are blanked too.
        var detail = form.Reference.Replace(person.Name, "***", StringComparison.Ordinal).Replace(person.Mobile, "***", StringComparison.Ordinal);
        await trail.RecordAsync(AuditAction.PersonErased, $"person:{id}", detail, cancellationToken);
        this.Flash(FlashKind.Notice, t["Privacy.Erase.Done", PersonalDataErasure.PlaceholderFor(id)].Value);
        return Redirect("/admin/people");
    }

    private async Task<IActionResult?> PageAsync(int id, ErasureForm form, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.Name, p.Mobile, Organization = p.Organization!.Name }).SingleOrDefaultAsync(cancellationToken);
        if (person is null || person.Mobile.StartsWith(Courses.Registry.People.Person.ErasedMobilePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        ViewData["Section"] = "admin";
        var hasAccount = await identity.Users.AnyAsync(u => u.PersonId == id, cancellationToken);
        return View("Erase", new ErasureViewModel(id, person.Name, person.Organization, hasAccount, await erasure.ObstaclesAsync(id, cancellationToken), form));
    }
}
