using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Retention;

/// <summary>
/// Removes what LearnHub keeps no longer than <see cref="RetentionOptions"/> says (个人信息保护法 第十九条: kept no longer
/// than the purpose needs), in batches so no delete holds the database for long. Never anything a statistic, the
/// ledger or a dispute about it needs: playback evidence of completed lessons stays (see
/// <see cref="RetentionOptions.PlaybackEvidenceDays"/>), pending mail and SMS stay until sent, and codes until expired.
/// Live-room chat is not kept at all (it lives in the room and in Redis for two days), and unfinished uploads are
/// swept by the media module when they expire.
/// </summary>
public sealed class RetentionSweeper(CoursesDbContext db, AppIdentityDbContext identity, IOptions<RetentionOptions> options, TimeProvider clock)
{
    /// <summary>Rows read or deleted per statement.</summary>
    public const int Batch = 500;

    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var codesBefore = now.AddDays(-o.AccountCodeDays).UtcDateTime;
        return new RetentionSweep(
            await PlaybackRecordsAsync(now.AddDays(-o.PlaybackEvidenceDays), cancellationToken),
            await WatchChecksAsync(now.AddDays(-o.PlaybackEvidenceDays), cancellationToken),
            await NotificationsAsync(now.AddDays(-o.NotificationDays), cancellationToken),
            await MailAsync(now.AddDays(-o.OutboxDays), cancellationToken),
            await SmsAsync(now.AddDays(-o.OutboxDays), cancellationToken),
            await DeleteInBatchesAsync(identity.AccountCodes.Where(c => c.ExpiresUtc < codesBefore).Select(c => c.Id),
                ids => identity.AccountCodes.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken), cancellationToken),
            await DeleteInBatchesAsync(identity.CodeRequests.Where(c => c.AtUtc < codesBefore).Select(c => c.Id),
                ids => identity.CodeRequests.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken), cancellationToken));
    }

    // SQLite cannot compare DateTimeOffset columns in SQL, so the rows below are read a batch at a time (ids and
    // times only) and their times compared here. Notifications and outbox rows are written in time order, so their
    // scan stops at the first young row; playback evidence has random ids and is read through to the end, in id order.

    private Task<int> NotificationsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        SweepAsync<long>(after => db.Notifications.AsNoTracking().Where(n => n.Id > after).OrderBy(n => n.Id).Take(Batch)
                .Select(n => new Aged<long>(n.Id, n.CreatedAt, false)).ToListAsync(cancellationToken),
            ids => db.Notifications.Where(n => ids.Contains(n.Id)).ExecuteDeleteAsync(cancellationToken), cutoff, inTimeOrder: true, 0);

    private Task<int> MailAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        SweepAsync<long>(after => db.OutgoingMail.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Take(Batch)
                .Select(m => new Aged<long>(m.Id, m.CreatedAt, m.State == MailState.Pending)).ToListAsync(cancellationToken),
            ids => db.OutgoingMail.Where(m => ids.Contains(m.Id) && m.State != MailState.Pending).ExecuteDeleteAsync(cancellationToken), cutoff, inTimeOrder: true, 0);

    private Task<int> SmsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        SweepAsync<long>(after => db.OutgoingSms.AsNoTracking().Where(m => m.Id > after).OrderBy(m => m.Id).Take(Batch)
                .Select(m => new Aged<long>(m.Id, m.CreatedAt, m.State == MailState.Pending)).ToListAsync(cancellationToken),
            ids => db.OutgoingSms.Where(m => ids.Contains(m.Id) && m.State != MailState.Pending).ExecuteDeleteAsync(cancellationToken), cutoff, inTimeOrder: true, 0);

    private Task<int> PlaybackRecordsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        SweepAsync<Guid>(after => db.PlaybackRecords.AsNoTracking()
                .Where(p => p.Id > after && !db.LessonProgress.Any(l => l.PersonId == p.PersonId && l.LessonId == p.LessonId && l.CompletedAt != null))
                .OrderBy(p => p.Id).Take(Batch)
                .Select(p => new Aged<Guid>(p.Id, p.LastReportAt, false)).ToListAsync(cancellationToken),
            ids => db.PlaybackRecords.Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(cancellationToken), cutoff, inTimeOrder: false, Guid.Empty);

    private Task<int> WatchChecksAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        SweepAsync<Guid>(after => db.WatchCheckRecords.AsNoTracking()
                .Where(c => c.Id > after && !db.LessonProgress.Any(l => l.PersonId == c.PersonId && l.LessonId == c.LessonId && l.CompletedAt != null))
                .OrderBy(c => c.Id).Take(Batch)
                .Select(c => new Aged<Guid>(c.Id, c.IssuedAt, false)).ToListAsync(cancellationToken),
            ids => db.WatchCheckRecords.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken), cutoff, inTimeOrder: false, Guid.Empty);

    /// <summary>
    /// Pages through the rows by id (each page the rows after the last id read), deleting those older than
    /// <paramref name="cutoff"/>; returns how many went. Never by OFFSET: a count of rows to skip goes wrong as soon
    /// as rows before it leave the query (deleted, or their lesson completed meanwhile), skipping unread rows, and
    /// the database walks every skipped row again on each page.
    /// </summary>
    private static async Task<int> SweepAsync<TKey>(Func<TKey, Task<List<Aged<TKey>>>> page, Func<List<TKey>, Task<int>> delete, DateTimeOffset cutoff,
        bool inTimeOrder, TKey first)
    {
        var removed = 0;
        var after = first;
        while (true)
        {
            var rows = await page(after);
            var old = rows.Where(r => r.At < cutoff && !r.Kept).Select(r => r.Id).ToList();
            if (old.Count > 0)
            {
                removed += await delete(old);
            }

            if (rows.Count < Batch || (inTimeOrder && rows.Any(r => r.At >= cutoff)))
            {
                return removed;
            }

            after = rows[^1].Id;
        }
    }

    private static async Task<int> DeleteInBatchesAsync(IQueryable<long> expired, Func<List<long>, Task<int>> delete, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (await expired.OrderBy(id => id).Take(Batch).ToListAsync(cancellationToken) is { Count: > 0 } ids)
        {
            removed += await delete(ids);
            if (ids.Count < Batch)
            {
                break;
            }
        }

        return removed;
    }

    /// <summary>A row's id and the time its age counts from; <see cref="Kept"/> rows are never swept (mail not yet sent).</summary>
    private sealed record Aged<TKey>(TKey Id, DateTimeOffset At, bool Kept);
}
