using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Watching;

public sealed record EvidencePage(int PersonId, string PersonName, string OrganizationName, CourseEvidence Course, bool MayReverse, ProgrammeClock Clock);

/// <summary>
/// The evidence behind a person's credit for a course (学习证据): for each lesson, every playback with
/// its device and the stretches it earned, and every attention check with its answers. Supervisors
/// see it within their unit, contact persons within their organization; an administrator may reverse a lesson's
/// credit, with a reason.
/// </summary>
[Authorize(Roles = Roles.PeopleStaff)]
[Route("/supervision/plans/{personId:int}")]
public sealed class EvidenceController(CoursesDbContext db, WatchingAudit audit, CurrentScope scope, UserManager<AppUser> users,
    IStringLocalizer<SharedResource> t, ProgrammeClock clock) : Controller
{
    [HttpGet("courses/{courseId:int}/evidence")]
    [Audited(AuditAction.EvidenceViewed)]
    public async Task<IActionResult> Course(int personId, int courseId, CancellationToken cancellationToken)
    {
        var person = await db.People.VisibleTo(scope).Where(p => p.Id == personId)
            .Select(p => new { p.Id, p.Name, Organization = p.Organization!.Name }).SingleOrDefaultAsync(cancellationToken);
        if (person is null || await audit.ForCourseAsync(personId, courseId, cancellationToken) is not { } course)
        {
            return NotFound();
        }

        ViewData["Section"] = "supervision";
        return View("Evidence", new EvidencePage(person.Id, person.Name, person.Organization, course, scope.IsAdmin, clock));
    }

    [Authorize(Roles = Roles.Admin)]
    [HttpPost("lessons/{lessonId:int}/reverse")]
    [Audited(AuditAction.LedgerReversed)]
    public async Task<IActionResult> Reverse(int personId, int lessonId, string? reason, CancellationToken cancellationToken)
    {
        var courseId = await db.Lessons.Where(l => l.Id == lessonId).Select(l => (int?)l.CourseId).SingleOrDefaultAsync(cancellationToken);
        if (courseId is null || !await db.People.AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return NotFound();
        }

        var back = $"/supervision/plans/{personId}/courses/{courseId}/evidence";
        reason = reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > 500)
        {
            this.Flash(FlashKind.Notice, t["Ledger.ReasonRequired"].Value);
            return Redirect(back);
        }

        var result = await audit.ReverseLessonAsync(personId, lessonId, reason, users.GetUserId(User) ?? "admin", cancellationToken);
        this.Flash(FlashKind.Notice, t[$"Evidence.{result}"].Value);
        return Redirect(back);
    }
}
