using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Features.LectureHall.Sessions;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// A lecture's replay is made unpublished; the session's staff (its lecturer or an administrator) watch it
/// on the course page and publish it from the session's page, and only then do trainees see it.
/// </summary>
[Route("/lecture-hall")]
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
public sealed class ReplayReviewController(Roster roster, IAuthorizationService authorization, LiveReplays replays, IStringLocalizer<SharedResource> t) : Controller
{
    private readonly SessionStaffGate _staff = new(roster, authorization);

    [HttpPost("sessions/{id:int}/replay/publish")]
    public async Task<IActionResult> Publish(int id, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        if (!await replays.PublishAsync(id, cancellationToken))
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["LiveVideo.ReplayPublished"].Value);
        return Redirect($"/lecture-hall/sessions/{id}");
    }
}
