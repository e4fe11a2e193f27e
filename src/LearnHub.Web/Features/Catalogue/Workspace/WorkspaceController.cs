using LearnHub.Courses.Calendar;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Features.LectureHall.Sessions;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Catalogue.Workspace;

public sealed record WorkspacePage(IReadOnlyList<WorkspaceCourse> Courses, IReadOnlyList<MySessionRow> Upcoming, IReadOnlyList<MySessionRow> Past);

/// <summary>
/// A lecturer's workspace (/lecturer): the courses they teach with each lesson's media state and a way to its upload
/// page, and their lecture-hall sessions still to come and already given. Only the signed-in lecturer's own.
/// </summary>
[Authorize(Roles = Roles.Lecturer)]
public sealed class WorkspaceController(WorkspaceQueries queries, LecturerSessions sessions, CurrentScope scope, ProgrammeClock clock) : Controller
{
    [HttpGet("/lecturer")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "workspace";
        if (scope.LecturerId is not { } lecturerId)
        {
            // An account given the role but not yet tied to a lecturer in the pool has nothing to show.
            return View(new WorkspacePage([], [], []));
        }

        var rows = await sessions.ListAsync(lecturerId, cancellationToken);
        var now = clock.UtcNow;
        return View(new WorkspacePage(await queries.CoursesAsync(lecturerId, cancellationToken),
            [.. rows.Where(r => clock.End(r.Session) > now)], [.. rows.Where(r => clock.End(r.Session) <= now).Reverse()]));
    }
}
