using System.Security.Claims;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using Microsoft.AspNetCore.Authorization;

namespace LearnHub.Web.Identity;

/// <summary>
/// Whether a user runs a lecture-hall session (its check-in screen, roster, live console, stream key, camera and
/// slides): an administrator, or the lecturer who gives it while the account still holds the Lecturer role. Every
/// page, endpoint and hub asks <see cref="IAuthorizationService"/> with this requirement, so there is one answer.
/// </summary>
public sealed class SessionStaffRequirement : IAuthorizationRequirement
{
    public static readonly SessionStaffRequirement Instance = new();

    private SessionStaffRequirement()
    {
    }
}

internal sealed class SessionStaffHandler : AuthorizationHandler<SessionStaffRequirement, LectureHallSession>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SessionStaffRequirement requirement, LectureHallSession resource)
    {
        if (context.User.IsInRole(Roles.Admin) || (resource.LecturerId is { } lecturer && CurrentScope.LecturerOf(context.User) == lecturer))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class SessionStaffExtensions
{
    public static async Task<bool> IsSessionStaffAsync(this IAuthorizationService authorization, ClaimsPrincipal user, LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return (await authorization.AuthorizeAsync(user, session, SessionStaffRequirement.Instance)).Succeeded;
    }
}
