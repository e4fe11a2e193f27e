using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// Decides when a lesson, and then its course, is complete: a video lesson when its coverage reached the
/// threshold, a reading lesson when its reading time was read, and either only with its quiz (if any) passed; a
/// course when every lesson is (<see cref="CourseCredit"/>). The course's converted hours go to the ledger once,
/// with the completion. The quiz feature calls <see cref="TryCompleteLessonAsync"/> after a pass, so a lesson
/// watched or read before its quiz completes then.
/// </summary>
public sealed class LessonCompletion(CoursesDbContext db, TrainingLedger ledger, ILessonQuizGate quizGate, PlaybackTracker tracker,
    CourseCredit credit, ProgrammeClock clock)
{
    public async Task<bool> TryCompleteLessonAsync(int personId, int lessonId, CancellationToken cancellationToken = default)
    {
        var lesson = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new { l.CourseId, HasVideo = l.MediaAssetId != null, l.ReadingMinutes }).SingleOrDefaultAsync(cancellationToken);
        if (lesson is null)
        {
            return false;
        }

        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.PersonId == personId && p.LessonId == lessonId, cancellationToken);
        if (progress?.CompletedAt is null)
        {
            var workDone = lesson.HasVideo ? progress is { DurationSeconds: > 0 } && progress.CoveredSeconds / progress.DurationSeconds >= tracker.Rules.CompletionRatio
                : lesson.ReadingMinutes <= 0 || progress?.ReadSeconds >= lesson.ReadingMinutes * 60;
            if (!workDone || !await quizGate.IsSatisfiedAsync(personId, lessonId, cancellationToken))
            {
                return false;
            }

            var now = clock.UtcNow;
            if (progress is null)
            {
                // A lesson whose only work is its quiz has no progress yet.
                progress = db.LessonProgress.Add(new LessonProgress { PersonId = personId, LessonId = lessonId, CourseId = lesson.CourseId, UpdatedAt = now }).Entity;
            }

            progress.CompletedAt = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (db.Entry(progress).State == EntityState.Added)
            {
                // The reader's first report created the row at the same moment: complete it through that row.
                db.Entry(progress).State = EntityState.Detached;
                return await TryCompleteLessonAsync(personId, lessonId, cancellationToken);
            }

            if (lesson.HasVideo)
            {
                tracker.MarkCompleted(personId, lessonId, now);
            }
        }

        await TryCompleteCourseAsync(personId, lesson.CourseId, cancellationToken);
        return true;
    }

    public async Task<bool> TryCompleteCourseAsync(int personId, int courseId, CancellationToken cancellationToken = default)
    {
        if (await db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId, cancellationToken))
        {
            return true;
        }

        var title = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => c.Title).SingleOrDefaultAsync(cancellationToken);
        var work = await credit.WorkAsync(personId, courseId, cancellationToken);
        if (title is null || work.Count == 0 || work.Any(l => !l.Done))
        {
            return false;
        }

        var now = clock.UtcNow;
        var date = clock.DateOf(now);
        var hours = await credit.EarnedAsync(work, date.Year, cancellationToken);
        // The completion and its ledger credit are written together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var completion = new CourseCompletion { PersonId = personId, CourseId = courseId, CompletedAt = now };
        db.CourseCompletions.Add(completion);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Completed at the same moment elsewhere (the quiz feature): that one credited the ledger.
            db.Entry(completion).State = EntityState.Detached;
            return true;
        }

        if (hours > 0 && hours % TrainingLedger.Granularity == 0)
        {
            var reference = LedgerReference.ForCourse(courseId).Value;
            await ledger.CreditAsync(new LedgerCredit(personId, date, hours, LedgerSource.CourseCompletion, Centralized: false,
                Reference: reference, CreditKey: await CourseCreditKeyAsync(personId, reference, cancellationToken), Note: title,
                RecordedBy: TrainingLedger.System), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The once-only key of a course's credit: "course:{id}", or "course:{id}#2", #3… when an administrator
    /// reversed an earlier completion (the reversed entry keeps its key) and the person earned it again.
    /// </summary>
    internal async Task<string> CourseCreditKeyAsync(int personId, string reference, CancellationToken cancellationToken)
    {
        var earlier = await db.LedgerEntries.CountAsync(e => e.PersonId == personId && e.ReversesEntryId == null && e.CreditKey != null
            && (e.CreditKey == reference || e.CreditKey.StartsWith(reference + "#")), cancellationToken);
        return earlier == 0 ? reference : $"{reference}#{earlier + 1}";
    }
}
