using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// Who the live room lets in, for its pages and its slide images (the hub decides the same at connect):
/// the session's staff (<see cref="SessionStaffRequirement"/>) and any signed-in person with a trainee record.
/// </summary>
public sealed class LiveRoomAccess(CoursesDbContext db, CurrentScope scope, IAuthorizationService authorization)
{
    /// <summary>The session with its lecturer and series, and whether the caller is staff; null when it has no live room.</summary>
    public async Task<(LectureHallSession Session, bool Staff)?> LoadAsync(int sessionId, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.AsNoTracking().Include(s => s.Lecturer).Include(s => s.Series)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.HasLiveRoom, cancellationToken);
        return session is null ? null : (session, await authorization.IsSessionStaffAsync(scope.User, session));
    }

    /// <summary>Whether the caller may be in the room (null: no such live room); a trainee's answer costs one small query.</summary>
    public async Task<bool?> MayEnterAsync(int sessionId, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not null)
        {
            return await db.LectureHallSessions.AnyAsync(s => s.Id == sessionId && s.HasLiveRoom, cancellationToken) ? true : null;
        }

        return await LoadAsync(sessionId, cancellationToken) is { } found ? found.Staff : null;
    }
}
