using LearnHub.Web.Features.Admin;
using LearnHub.Courses.Compliance.Curricula;
using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Features.Compliance.Curricula;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Lifecycle;

public sealed record StageCourses(LifecycleStage Stage, IReadOnlyList<CourseChoice> Courses, IReadOnlyList<CourseChoice> Available);

public sealed record UpcomingEvent(int OrganizationId, string Organization, LifecycleStage Stage, DateOnly Date, DateOnly DueOn);

public sealed record LifecycleViewModel(IReadOnlyList<StageCourses> Stages, IReadOnlyList<UpcomingEvent> Events, DateOnly Today);

public sealed class OrganizationEventForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Lifecycle.Stage")]
    public LifecycleStage? Stage { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Lifecycle.Date")]
    public DateOnly? Date { get; set; }

    /// <summary>Empty means the stage's default (see <see cref="OrganizationEvent.DefaultDue"/>).</summary>
    [Display(Name = "Admin.Lifecycle.DueOn")]
    public DateOnly? DueOn { get; set; }

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Lifecycle.Note")]
    public string? Note { get; set; }
}

/// <summary>
/// Lifecycle training: the course set of each stage (成立, 变更, 换届, 年检/评估, 整改) and the events recorded
/// for organizations. Administrators only.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
public sealed class LifecycleController(CoursesDbContext db, IStringLocalizer<SharedResource> t, UserManager<AppUser> users, ProgrammeClock clock) : Controller
{
    [HttpGet("/admin/lifecycle")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var sets = await db.LifecycleCourses.AsNoTracking()
            .Select(c => new { c.Stage, Course = new CourseChoice(c.CourseId, c.Course!.Title, c.Course.CreditHours) }).ToListAsync(cancellationToken);
        var courses = await db.Courses.AsNoTracking().OrderBy(c => c.Title)
            .Select(c => new CourseChoice(c.Id, c.Title, c.CreditHours)).ToListAsync(cancellationToken);
        var stages = Enum.GetValues<LifecycleStage>().Select(stage =>
        {
            var chosen = sets.Where(s => s.Stage == stage).Select(s => s.Course).OrderBy(c => c.Title, StringComparer.Ordinal).ToList();
            return new StageCourses(stage, chosen, courses.Where(c => chosen.All(x => x.Id != c.Id)).ToList());
        }).ToList();

        var today = clock.Today;
        var from = today.AddDays(-180);
        var events = await db.OrganizationEvents.AsNoTracking().Where(e => e.DueOn >= from)
            .OrderBy(e => e.DueOn).Take(100)
            .Select(e => new UpcomingEvent(e.OrganizationId, e.Organization!.Name, e.Stage, e.Date, e.DueOn)).ToListAsync(cancellationToken);
        ViewData["Section"] = "admin";
        return View(new LifecycleViewModel(stages, events, today));
    }

    [HttpPost("/admin/lifecycle/{stage}/courses")]
    public async Task<IActionResult> AddCourse(LifecycleStage stage, int courseId, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(stage) || !await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken))
        {
            return NotFound();
        }

        if (!await db.LifecycleCourses.AnyAsync(c => c.Stage == stage && c.CourseId == courseId, cancellationToken))
        {
            db.LifecycleCourses.Add(new LifecycleCourse { Stage = stage, CourseId = courseId });
            await db.SaveChangesAsync(cancellationToken);
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect("/admin/lifecycle#" + stage);
    }

    [HttpPost("/admin/lifecycle/{stage}/courses/{courseId:int}/remove")]
    public async Task<IActionResult> RemoveCourse(LifecycleStage stage, int courseId, CancellationToken cancellationToken)
    {
        if (await db.LifecycleCourses.Where(c => c.Stage == stage && c.CourseId == courseId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect("/admin/lifecycle#" + stage);
    }

    [HttpPost("/admin/organizations/{id:int}/events")]
    public async Task<IActionResult> AddEvent(int id, OrganizationEventForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound();
        }

        if (form.Stage is { } s && !Enum.IsDefined(s))
        {
            ModelState.AddModelError(nameof(form.Stage), t["Validation.Required", t["Admin.Lifecycle.Stage"]]);
        }

        if (form.Date is { } date && form.DueOn is { } due && due < date && form.Stage != LifecycleStage.Transition)
        {
            ModelState.AddModelError(nameof(form.DueOn), t["Admin.Lifecycle.DueBeforeEvent"]);
        }

        if (!ModelState.IsValid)
        {
            this.Flash(FlashKind.Error, AdminInput.Errors(ModelState));
            return Redirect($"/admin/organizations/{id}#events");
        }

        var stage = form.Stage!.Value;
        db.OrganizationEvents.Add(new OrganizationEvent
        {
            OrganizationId = id, Stage = stage, Date = form.Date!.Value,
            DueOn = form.DueOn ?? OrganizationEvent.DefaultDue(stage, form.Date.Value),
            Note = form.Note?.Trim() ?? "", RecordedBy = users.GetUserId(User) ?? "", RecordedAt = clock.UtcNow,
        });
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/organizations/{id}#events");
    }

    [HttpPost("/admin/organizations/{id:int}/events/{eventId:int}/remove")]
    public async Task<IActionResult> RemoveEvent(int id, int eventId, CancellationToken cancellationToken)
    {
        if (await db.OrganizationEvents.Where(e => e.Id == eventId && e.OrganizationId == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/organizations/{id}#events");
    }
}
