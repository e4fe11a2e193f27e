using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHalls;
using LearnHub.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LiveRoom;

/// <summary>
/// Who the live room lets in, for its pages and its slide images (the hub decides the same at connect):
/// staff (an administrator or the session's own lecturer) and any signed-in person with a trainee record.
/// </summary>
public sealed class LiveRoomAccess(CoursesDbContext db, CurrentScope scope)
{
    /// <summary>The session with its lecturer and series, and whether the caller is staff; null when it has no live room.</summary>
    public async Task<(LectureHallSession Session, bool Staff)?> LoadAsync(int sessionId, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.AsNoTracking().Include(s => s.Lecturer).Include(s => s.Series)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.HasLiveRoom, cancellationToken);
        return session is null ? null : (session, IsStaff(session.LecturerId));
    }

    /// <summary>Whether the caller may be in the room (null: no such live room), without loading the session.</summary>
    public async Task<bool?> MayEnterAsync(int sessionId, CancellationToken cancellationToken)
    {
        var lecturer = await db.LectureHallSessions.AsNoTracking().Where(s => s.Id == sessionId && s.HasLiveRoom)
            .Select(s => new { s.LecturerId }).SingleOrDefaultAsync(cancellationToken);
        return lecturer is null ? null : IsStaff(lecturer.LecturerId) || scope.PersonId is not null;
    }

    public bool IsStaff(int? sessionLecturerId) => scope.IsAdmin || (scope.LecturerId is not null && sessionLecturerId == scope.LecturerId);
}
