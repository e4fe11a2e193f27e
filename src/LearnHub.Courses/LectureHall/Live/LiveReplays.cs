using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>Where a session's replay stands, as its page shows it.</summary>
public enum ReplayState
{
    None,
    /// <summary>Recorded, waiting for the session's lecturer or an administrator to watch and publish it.</summary>
    AwaitingReview,
    Published,
}

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

    /// <summary>
    /// The recording is joined and its real length known: the replay lesson takes it (whole minutes, rounded
    /// up), so neither the catalogue nor the watching rules go by the length the session was planned for.
    /// </summary>
    public async Task RecordedAsync(int sessionId, TimeSpan length, CancellationToken cancellationToken)
    {
        var lessonId = await LessonForAsync(sessionId, cancellationToken);
        var lesson = await db.Lessons.SingleAsync(l => l.Id == lessonId, cancellationToken);
        lesson.Minutes = Math.Max(1, (int)Math.Ceiling(length.TotalMinutes));
        // The length its hours are converted from once the video is attached (CourseCredit).
        lesson.VideoSeconds = length.TotalSeconds;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The replay of each of <paramref name="sessionIds"/> that has one.</summary>
    public async Task<IReadOnlyDictionary<int, ReplayState>> StatesAsync(IReadOnlyCollection<int> sessionIds, CancellationToken cancellationToken) =>
        await db.LiveBroadcasts.AsNoTracking()
            .Where(b => sessionIds.Contains(b.SessionId) && b.ReplayLessonId != null)
            .Select(b => new { b.SessionId, Published = db.Courses.Any(c => c.Published && c.Lessons.Any(l => l.Id == b.ReplayLessonId)) })
            .ToDictionaryAsync(b => b.SessionId, b => b.Published ? ReplayState.Published : ReplayState.AwaitingReview, cancellationToken);

    /// <summary>The published replay course of each of <paramref name="sessionIds"/> that has one, by session.</summary>
    public async Task<IReadOnlyDictionary<int, int>> PublishedCoursesAsync(IReadOnlyCollection<int> sessionIds, CancellationToken cancellationToken) =>
        (await db.LiveBroadcasts.AsNoTracking()
            .Where(b => sessionIds.Contains(b.SessionId) && b.ReplayLessonId != null)
            .Select(b => new { b.SessionId, CourseId = db.Courses.Where(c => c.Published && c.Lessons.Any(l => l.Id == b.ReplayLessonId)).Select(c => (int?)c.Id).FirstOrDefault() })
            .ToListAsync(cancellationToken))
        .Where(b => b.CourseId is not null)
        .ToDictionary(b => b.SessionId, b => b.CourseId!.Value);

    /// <summary>Publishes the session's reviewed replay; false when it has none.</summary>
    public async Task<bool> PublishAsync(int sessionId, CancellationToken cancellationToken)
    {
        var lessonId = await db.LiveBroadcasts.Where(b => b.SessionId == sessionId).Select(b => b.ReplayLessonId).SingleOrDefaultAsync(cancellationToken);
        var course = lessonId is null ? null : await db.Courses.SingleAsync(c => c.Lessons.Any(l => l.Id == lessonId), cancellationToken);
        if (course is null)
        {
            return false;
        }

        course.Published = true;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
