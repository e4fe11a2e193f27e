using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Registry.LecturerProfile;

/// <summary>
/// What a lecturer may change about themselves; name, key and appointment term stay with the
/// administrators, whose form adds them to these fields.
/// </summary>
public class ProfileForm
{
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

    /// <summary>Fills the fields from the lecturer's record.</summary>
    public void Load(Lecturer lecturer)
    {
        ArgumentNullException.ThrowIfNull(lecturer);
        Title = lecturer.Title;
        Affiliation = lecturer.Affiliation;
        Bio = lecturer.Bio;
        Availability = lecturer.Availability;
        Expertise = Enum.GetValues<ExpertiseArea>().Where(e => e != ExpertiseArea.None && lecturer.Expertise.HasFlag(e)).ToList();
    }

    /// <summary>Writes the fields to the lecturer's record, trimmed; unknown expertise flags are dropped.</summary>
    public void ApplyTo(Lecturer lecturer)
    {
        ArgumentNullException.ThrowIfNull(lecturer);
        lecturer.Title = Title?.Trim() ?? "";
        lecturer.Affiliation = Affiliation?.Trim() ?? "";
        lecturer.Bio = Bio?.Trim() ?? "";
        lecturer.Availability = Availability?.Trim() ?? "";
        lecturer.Expertise = Expertise.Where(e => Enum.IsDefined(e)).Aggregate(ExpertiseArea.None, (a, e) => a | e);
    }
}

public sealed record ProfilePage(Lecturer Lecturer, ProfileForm Form);

/// <summary>A lecturer's own profile (个人资料) and photo; the photo is served to anyone signed in.</summary>
public sealed class ProfileController(CoursesDbContext db, LecturerPhotos photos, CurrentScope scope, IStringLocalizer<SharedResource> t) : Controller
{
    [Authorize(Roles = Roles.Lecturer)]
    [HttpGet("/lecturer/profile")]
    public async Task<IActionResult> Edit(CancellationToken cancellationToken)
    {
        var lecturer = await MineAsync(cancellationToken);
        if (lecturer is null)
        {
            return NotFound();
        }

        var form = new ProfileForm();
        form.Load(lecturer);
        return Page(lecturer, form);
    }

    [Authorize(Roles = Roles.Lecturer)]
    [HttpPost("/lecturer/profile")]
    public async Task<IActionResult> Edit(ProfileForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var lecturer = await MineAsync(cancellationToken);
        if (lecturer is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page(lecturer, form);
        }

        form.ApplyTo(lecturer);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect("/lecture-hall/my-sessions");
    }

    [Authorize(Roles = Roles.Lecturer)]
    [HttpPost("/lecturer/profile/photo")]
    [RequestSizeLimit(LecturerPhotos.MaxBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = LecturerPhotos.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Photo(IFormFile? photo, CancellationToken cancellationToken)
    {
        var lecturer = await MineAsync(cancellationToken);
        if (lecturer is null)
        {
            return NotFound();
        }

        var (type, problem) = await photos.SaveAsync(lecturer.Id, photo, cancellationToken);
        if (type is null)
        {
            this.Flash(FlashKind.Problem, t["Lecturer.Photo." + problem, LecturerPhotos.MaxBytes / 1024 / 1024].Value);
            return Redirect("/lecturer/profile");
        }

        lecturer.PhotoContentType = type;
        lecturer.PhotoVersion++;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Lecturer.Photo.Saved"].Value);
        return Redirect("/lecturer/profile");
    }

    /// <summary>Any signed-in user may see a lecturer's photo (session pages show it); the version in the URL lets it be cached.</summary>
    [Authorize]
    [HttpGet("/lecturers/{id:int}/photo")]
    public async Task<IActionResult> ShowPhoto(int id, CancellationToken cancellationToken)
    {
        var type = await db.Lecturers.AsNoTracking().Where(l => l.Id == id).Select(l => l.PhotoContentType).SingleOrDefaultAsync(cancellationToken);
        var path = photos.PathOf(id);
        if (type is null || !System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=86400";
        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(path, type);
    }

    private Task<Lecturer?> MineAsync(CancellationToken cancellationToken)
    {
        var id = scope.LecturerId ?? -1;
        return db.Lecturers.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
    }

    private ViewResult Page(Lecturer lecturer, ProfileForm form)
    {
        ViewData["Section"] = "my-sessions";
        return View("~/Features/Registry/LecturerProfile/Profile.cshtml", new ProfilePage(lecturer, form));
    }
}
