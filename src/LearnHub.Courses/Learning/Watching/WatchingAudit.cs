using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>The evidence behind one lesson's watching credit for one person.</summary>
public sealed record LessonEvidence(int LessonId, int Order, string Title, bool HasVideo, double DurationSeconds, double CoveredSeconds,
    string Coverage, DateTimeOffset? CompletedAt, IReadOnlyList<PlaybackRecord> Playbacks, IReadOnlyList<WatchCheckRecord> Checks,
    IReadOnlyList<WatchingReversal> Reversals)
{
    /// <summary>A reading lesson's time set by its author, and the seconds the server timed the reader's page visible.</summary>
    public int ReadingMinutes { get; init; }

    public double ReadSeconds { get; init; }
}

/// <summary>A course's lessons with their evidence, and the course's completion and ledger credit.</summary>
public sealed record CourseEvidence(int CourseId, string Title, DateTimeOffset? CompletedAt, LedgerEntry? Credit, bool CreditReversed,
    IReadOnlyList<LessonEvidence> Lessons);

public enum ReversalResult
{
    Reversed,
    NothingToReverse,
}

/// <summary>
/// How a person's watching credit came about (学习证据), for supervisors: every playback with its device
/// and the stretches it earned, every attention check and how it was answered. An administrator may
/// reverse a lesson's credit (撤销): its coverage is withdrawn (and kept in the reversal), and if the
/// course had completed, the completion goes and its ledger credit is cancelled by an opposite entry.
/// </summary>
public sealed class WatchingAudit(CoursesDbContext db, TrainingLedger ledger, PlaybackTracker tracker, TimeProvider clock)
{
    public async Task<CourseEvidence?> ForCourseAsync(int personId, int courseId, CancellationToken cancellationToken = default)
    {
        var course = await db.Courses.AsNoTracking().Where(c => c.Id == courseId)
            .Select(c => new { c.Id, c.Title, Lessons = c.Lessons.OrderBy(l => l.Order).Select(l => new { l.Id, l.Order, l.Title, HasVideo = l.MediaAssetId != null, l.ReadingMinutes }).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (course is null)
        {
            return null;
        }

        var lessonIds = course.Lessons.Select(l => l.Id).ToList();
        var progress = await db.LessonProgress.AsNoTracking().Where(p => p.PersonId == personId && lessonIds.Contains(p.LessonId))
            .ToDictionaryAsync(p => p.LessonId, cancellationToken);
        var playbacks = (await db.PlaybackRecords.AsNoTracking().Where(p => p.PersonId == personId && lessonIds.Contains(p.LessonId)).ToListAsync(cancellationToken))
            .OrderBy(p => p.StartedAt).ToLookup(p => p.LessonId);
        var checks = (await db.WatchCheckRecords.AsNoTracking().Where(c => c.PersonId == personId && lessonIds.Contains(c.LessonId)).ToListAsync(cancellationToken))
            .OrderBy(c => c.IssuedAt).ToLookup(c => c.LessonId);
        var reversals = (await db.WatchingReversals.AsNoTracking().Where(r => r.PersonId == personId && lessonIds.Contains(r.LessonId)).ToListAsync(cancellationToken))
            .OrderBy(r => r.ReversedAt).ToLookup(r => r.LessonId);
        var completion = await db.CourseCompletions.AsNoTracking().SingleOrDefaultAsync(c => c.PersonId == personId && c.CourseId == courseId, cancellationToken);
        var (credit, reversed) = await CreditAsync(personId, courseId, cancellationToken);
        return new CourseEvidence(course.Id, course.Title, completion?.CompletedAt, credit, reversed,
        [
            .. course.Lessons.Select(l =>
            {
                var p = progress.GetValueOrDefault(l.Id);
                return new LessonEvidence(l.Id, l.Order, l.Title, l.HasVideo, p?.DurationSeconds ?? 0, p?.CoveredSeconds ?? 0, p?.Coverage ?? "",
                    p?.CompletedAt, [.. playbacks[l.Id]], [.. checks[l.Id]], [.. reversals[l.Id]])
                {
                    ReadingMinutes = l.ReadingMinutes,
                    ReadSeconds = p?.ReadSeconds ?? 0,
                };
            }),
        ]);
    }

    /// <summary>Withdraws a person's credit for a lesson; the reason and who did it are kept.</summary>
    public async Task<ReversalResult> ReverseLessonAsync(int personId, int lessonId, string reason, string reversedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(reversedBy);
        var progress = await db.LessonProgress.SingleOrDefaultAsync(p => p.PersonId == personId && p.LessonId == lessonId, cancellationToken);
        if (progress is null || (progress.CoveredSeconds <= 0 && progress.ReadSeconds <= 0 && progress.CompletedAt is null))
        {
            return ReversalResult.NothingToReverse;
        }

        // The watch in memory would write its coverage back at the next flush: forget it first.
        tracker.Forget(personId, lessonId);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.WatchingReversals.Add(new WatchingReversal
        {
            PersonId = personId, LessonId = lessonId, Coverage = progress.Coverage, ReversedAt = now, ReversedBy = reversedBy, Reason = reason.Trim(),
        });
        progress.Coverage = "";
        progress.CoveredSeconds = 0;
        progress.FurthestSeconds = 0;
        progress.UncheckedSeconds = 0;
        // A reading lesson's timed seconds go too, or its next report would complete it again at once.
        progress.ReadSeconds = 0;
        progress.ReadReportedAt = null;
        progress.CompletedAt = null;
        progress.UpdatedAt = now;
        var completion = await db.CourseCompletions.SingleOrDefaultAsync(c => c.PersonId == personId && c.CourseId == progress.CourseId, cancellationToken);
        if (completion is not null)
        {
            db.CourseCompletions.Remove(completion);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (completion is not null && await CreditAsync(personId, progress.CourseId, cancellationToken) is ({ } entry, false))
        {
            await ledger.ReverseAsync(entry.Id, reason, reversedBy, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ReversalResult.Reversed;
    }

    private async Task<(LedgerEntry? Entry, bool Reversed)> CreditAsync(int personId, int courseId, CancellationToken cancellationToken)
    {
        var key = LedgerReference.ForCourse(courseId).Value;
        // The latest credit of the course: after a reversal a new completion credits under "course:{id}#2", and so on.
        var entry = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.PersonId == personId && e.ReversesEntryId == null && e.CreditKey != null && (e.CreditKey == key || e.CreditKey.StartsWith(key + "#")))
            .OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);
        return entry is null ? (null, false) : (entry, await db.LedgerEntries.AnyAsync(e => e.ReversesEntryId == entry.Id, cancellationToken));
    }
}
