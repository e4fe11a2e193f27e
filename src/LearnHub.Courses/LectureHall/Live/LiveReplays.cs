using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>
/// Where a lecture's recording goes: the session's replay lesson (回放), the only lesson of an online course
/// made for the session on first need (<see cref="LiveReplay.NewCourse"/>) and remembered by its <see cref="LiveBroadcast"/>.
/// </summary>
public sealed class LiveReplays(CoursesDbContext db)
{
    /// <summary>The session's replay lesson; made, with its course, when the session has none yet (found again by the course's slug).</summary>
    public async Task<int> LessonForAsync(int sessionId, CancellationToken cancellationToken)
    {
        var broadcast = await db.LiveBroadcasts.PrepareAsync(sessionId, cancellationToken);
        if (broadcast.ReplayLessonId is { } known)
        {
            return known;
        }

        var course = await db.Courses.Include(c => c.Lessons).SingleOrDefaultAsync(c => c.Slug == LiveReplay.CourseSlug(sessionId), cancellationToken);
        if (course is null)
        {
            var session = await db.LectureHallSessions.Include(s => s.Series).SingleAsync(s => s.Id == sessionId, cancellationToken);
            course = LiveReplay.NewCourse(session);
            db.Courses.Add(course);
            await db.SaveChangesAsync(cancellationToken);
        }

        var lessonId = course.Lessons.OrderBy(l => l.Order).First().Id;
        broadcast.AttachReplay(lessonId);
        await db.SaveChangesAsync(cancellationToken);
        return lessonId;
    }
}
