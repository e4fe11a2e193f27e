using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// The door of a session's staff pages (check-in screen, roster): the session when the caller runs it, or why not:
/// not found for a session that does not exist, forbidden for anyone else. The refusal is set exactly when the session is not.
/// </summary>
internal sealed class SessionStaffGate(Roster roster, IAuthorizationService authorization)
{
    public async Task<(LectureHallSession? Session, IActionResult? Refusal)> EnterAsync(ControllerBase controller, int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null)
        {
            return (null, controller.NotFound());
        }

        return await authorization.IsSessionStaffAsync(controller.User, session) ? (session, null) : (null, controller.Forbid());
    }
}
