using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// Decides when a lesson, and then its course, is complete: the lesson's coverage reached the
/// threshold and its quiz (if any) is passed; a course when every lesson with a video is. The
/// course's hours go to the ledger once. The quiz feature calls <see cref="TryCompleteLessonAsync"/>
/// after a pass, so a lesson watched before its quiz completes then.
/// </summary>
public sealed class LessonCompletion(CoursesDbContext db, TrainingLedger ledger, ILessonQuizGate quizGate, PlaybackTracker tracker,
    ProgrammeClock clock)
{
    public async Task<bool> TryCompleteLessonAsync(int personId, int lessonId, CancellationToken cancellationToken = default)
    {
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.PersonId == personId && p.LessonId == lessonId, cancellationToken);
        if (progress is null)
        {
            return false;
        }

        if (progress.CompletedAt is null)
        {
            if (progress.DurationSeconds <= 0 || progress.CoveredSeconds / progress.DurationSeconds < tracker.Rules.CompletionRatio
                || !await quizGate.IsSatisfiedAsync(personId, lessonId, cancellationToken))
            {
                return false;
            }

            progress.CompletedAt = clock.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
            tracker.MarkCompleted(personId, lessonId, progress.CompletedAt.Value);
        }

        await TryCompleteCourseAsync(personId, progress.CourseId, cancellationToken);
        return true;
    }

    public async Task<bool> TryCompleteCourseAsync(int personId, int courseId, CancellationToken cancellationToken = default)
    {
        if (await db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId, cancellationToken))
        {
            return true;
        }

        var course = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new { c.Id, c.Title, c.CreditHours, Lessons = c.Lessons.Where(l => l.MediaAssetId != null).Select(l => l.Id).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        // Lessons without a video have nothing to watch and do not hold a course back.
        if (course is null || course.Lessons.Count == 0)
        {
            return false;
        }

        var completed = await db.LessonProgress.CountAsync(p => p.PersonId == personId && p.CourseId == courseId
            && p.CompletedAt != null && course.Lessons.Contains(p.LessonId), cancellationToken);
        if (completed < course.Lessons.Count)
        {
            return false;
        }

        var now = clock.UtcNow;
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

        if (course.CreditHours > 0 && course.CreditHours % TrainingLedger.Granularity == 0)
        {
            await ledger.CreditAsync(new LedgerCredit(personId, clock.DateOf(now), course.CreditHours,
                LedgerSource.CourseCompletion, Centralized: false, Reference: LedgerReference.ForCourse(courseId).Value, CreditKey: LedgerReference.ForCourse(courseId).Value,
                Note: course.Title, RecordedBy: TrainingLedger.System), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
