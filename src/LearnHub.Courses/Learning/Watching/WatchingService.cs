using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;
using LearnHub.Courses.Learning;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A lesson that can be watched: of a published course, with its video's asset id.</summary>
public sealed record WatchableLesson(int LessonId, int CourseId, Guid MediaAssetId, bool RestrictSeekingOnFirstViewing);

/// <summary>Starts playbacks: loads a person's progress into the tracker the first time it is needed.</summary>
public sealed class WatchingService(CoursesDbContext db, PlaybackTracker tracker)
{
    /// <summary>Null when the lesson does not exist, has no video, or its course is not published.</summary>
    public Task<WatchableLesson?> FindLessonAsync(int lessonId, CancellationToken cancellationToken = default) =>
        db.Lessons.AsNoTracking()
            .Where(l => l.Id == lessonId && l.MediaAssetId != null)
            .Join(db.Courses.Where(c => c.Published), l => l.CourseId, c => c.Id,
                (l, c) => new WatchableLesson(l.Id, c.Id, l.MediaAssetId!.Value, c.RestrictSeekingOnFirstViewing))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<Playback> StartAsync(int personId, WatchableLesson lesson, double durationSeconds, string device = "",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        if (tracker.Cached(personId, lesson.LessonId) is not { } watch)
        {
            var row = await db.LessonProgress.AsNoTracking()
                .SingleOrDefaultAsync(p => p.PersonId == personId && p.LessonId == lesson.LessonId, cancellationToken);
            watch = new LessonWatch(personId, lesson.LessonId, lesson.CourseId, durationSeconds, lesson.RestrictSeekingOnFirstViewing,
                Coverage.Parse(row?.Coverage), row?.CompletedAt, row?.UncheckedSeconds ?? 0);
        }

        var shortened = device.Length > PlaybackRecordConfiguration.DeviceLength ? device[..PlaybackRecordConfiguration.DeviceLength] : device;
        return tracker.Start(watch, lesson.MediaAssetId, shortened);
    }
}
