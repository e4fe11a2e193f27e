using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A lesson that is read rather than watched: no video, a reading time set by its author, of a published course.</summary>
public sealed record ReadingLesson(int LessonId, int CourseId, int ReadingMinutes)
{
    public double RequiredSeconds => ReadingMinutes * 60.0;
}

/// <summary>What one reading report did: the seconds read so far, those this report added, and whether the lesson is complete.</summary>
public sealed record ReadingProgress(double ReadSeconds, double RequiredSeconds, double CreditedSeconds, bool Completed);

/// <summary>
/// Timed reading (阅读计时): the reader's page reports, about every <see cref="ReportIntervalSeconds"/>, whether the
/// lesson's notes or slides are open and visible. The server, not the page, measures the time: a report credits
/// the wall-clock time since the previous report, only when that one said visible, at most
/// <see cref="MaxCreditSeconds"/>; a report sooner than <see cref="MinGapSeconds"/> after the last credits
/// nothing, so reports sent faster than time passes earn no more than time itself.
/// </summary>
public static class ReadingClock
{
    public const int ReportIntervalSeconds = 15;

    /// <summary>Reports closer together than this credit nothing (a page reports every 15 s, or when it is hidden).</summary>
    public const double MinGapSeconds = 5;

    /// <summary>The most one report can credit: a page silent for longer was asleep, closed or lost its connection.</summary>
    public const double MaxCreditSeconds = 2 * ReportIntervalSeconds;

    /// <summary>The seconds a report at <paramref name="now"/> credits, and the time the next report counts from (null: hidden).</summary>
    public static (double Credited, DateTimeOffset? Since) Next(DateTimeOffset? since, DateTimeOffset now, bool visible)
    {
        if (since is not { } last)
        {
            return (0, visible ? now : null);
        }

        var gap = (now - last).TotalSeconds;
        if (gap < MinGapSeconds)
        {
            // Too soon to count: a visible report keeps counting from the earlier one, a hidden one stops the clock.
            return (0, visible ? last : null);
        }

        return (Math.Min(gap, MaxCreditSeconds), visible ? now : null);
    }
}

/// <summary>Takes reading reports: times them (<see cref="ReadingClock"/>), stores the seconds read, completes the lesson when they reach its reading time.</summary>
public sealed class ReadingService(CoursesDbContext db, LessonCompletion completion, ProgrammeClock clock)
{
    /// <summary>Null when the lesson does not exist, has a video, has no reading time, or its course is not published.</summary>
    public Task<ReadingLesson?> FindLessonAsync(int lessonId, CancellationToken cancellationToken = default) =>
        db.Lessons.AsNoTracking()
            .Where(l => l.Id == lessonId && l.MediaAssetId == null && l.ReadingMinutes > 0)
            .Join(db.Courses.Where(c => c.Published), l => l.CourseId, c => c.Id, (l, c) => new ReadingLesson(l.Id, c.Id, l.ReadingMinutes))
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<ReadingProgress> ReportAsync(int personId, ReadingLesson lesson, bool visible, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lesson);
        var now = clock.UtcNow;
        var row = await db.LessonProgress.AsNoTracking()
            .Where(p => p.PersonId == personId && p.LessonId == lesson.LessonId)
            .Select(p => new { p.Id, p.ReadSeconds, p.ReadReportedAt, p.CompletedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            var progress = db.LessonProgress.Add(new LessonProgress
            {
                PersonId = personId, LessonId = lesson.LessonId, CourseId = lesson.CourseId, UpdatedAt = now, ReadReportedAt = visible ? now : null,
            }).Entity;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another tab's first report made the row: this one starts nothing.
                db.Entry(progress).State = EntityState.Detached;
            }

            return new ReadingProgress(0, lesson.RequiredSeconds, 0, Completed: false);
        }

        if (row.CompletedAt is not null)
        {
            return new ReadingProgress(row.ReadSeconds, lesson.RequiredSeconds, 0, Completed: true);
        }

        var (credited, since) = ReadingClock.Next(row.ReadReportedAt, now, visible);
        var previous = row.ReadReportedAt;
        // Only if no other report moved the clock meanwhile: two reports never credit the same stretch.
        var updated = await db.LessonProgress.Where(p => p.Id == row.Id && p.ReadReportedAt == previous)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReadSeconds, p => p.ReadSeconds + credited)
                .SetProperty(p => p.ReadReportedAt, since).SetProperty(p => p.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            credited = 0;
        }

        var read = row.ReadSeconds + credited;
        var completed = read >= lesson.RequiredSeconds && await completion.TryCompleteLessonAsync(personId, lesson.LessonId, cancellationToken);
        return new ReadingProgress(read, lesson.RequiredSeconds, credited, completed);
    }
}
