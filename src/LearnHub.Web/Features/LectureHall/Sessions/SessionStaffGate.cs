using System.Security.Claims;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// The door of a session's check-in pages (check-in screen, roster): the session when the caller runs it, or why not:
/// not found for a session that does not exist, forbidden for anyone else. The refusal is set exactly when the session is not.
/// Besides the session's staff, the head teacher (班主任) of the training class the session belongs to runs its check-in:
/// taking the class's attendance is their daily work, though the live console and stream stay the lecturer's. A gate
/// built without <paramref name="classes"/> (replay review) admits the session's staff only.
/// </summary>
internal sealed class SessionStaffGate(Roster roster, IAuthorizationService authorization, CoursesDbContext? classes = null)
{
    public async Task<(LectureHallSession? Session, IActionResult? Refusal)> EnterAsync(ControllerBase controller, int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null)
        {
            return (null, controller.NotFound());
        }

        return await authorization.IsSessionStaffAsync(controller.User, session) || await HeadsClassOfAsync(controller.User, session, cancellationToken)
            ? (session, null)
            : (null, controller.Forbid());
    }

    private async Task<bool> HeadsClassOfAsync(ClaimsPrincipal user, LectureHallSession session, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return classes is not null && userId is { Length: > 0 } && session.Series?.IsClass == true
            && await classes.TrainingClasses.AnyAsync(c => c.SeriesId == session.SeriesId && c.HeadTeacherUserId == userId, cancellationToken);
    }
}
