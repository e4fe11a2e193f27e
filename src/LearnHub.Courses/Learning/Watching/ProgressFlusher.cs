using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// Writes changed watching progress every flush interval (default 2 s), in transactions of
/// <see cref="ChunkRows"/> rows, then completes the lessons that crossed the threshold. Completion happens here,
/// not in the heartbeat, so the heartbeat stays free of database work; a lesson therefore shows as
/// complete up to one interval after its last report. On shutdown it writes once more.
/// </summary>
internal sealed partial class ProgressFlusher(IServiceScopeFactory scopes, PlaybackTracker tracker, TimeProvider clock,
    ILogger<ProgressFlusher> logger) : BackgroundService
{
    // Rows per transaction. At 5,000 reports a second a flush carries 10,000 rows, a few hundred
    // milliseconds of one core: written in one go, that thread-pool thread is gone for the whole time
    // and on two cores the heartbeats queue behind it (their p99). In chunks of a few milliseconds,
    // with a yield between them, requests that arrived meanwhile run first.
    internal const int ChunkRows = 500;

    // Forgetting idle playbacks walks all of them: not needed at every flush.
    private static readonly TimeSpan EvictEvery = TimeSpan.FromSeconds(30);

    private DateTimeOffset _evictedAt = DateTimeOffset.MinValue;

    // One flush at a time: two would both insert a lesson's first row.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(tracker.Rules.FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushSafelyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the final flush below keeps the last interval.
        }

        await FlushSafelyAsync(CancellationToken.None);
    }

    private async Task FlushSafelyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
            if (clock.GetUtcNow() - _evictedAt >= EvictEvery)
            {
                _evictedAt = clock.GetUtcNow();
                tracker.Evict();
            }
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            LogFlushFailed(logger, exception);
        }
    }

    /// <summary>Writes what changed since the last call; returns how many lessons were written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await FlushChangedAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> FlushChangedAsync(CancellationToken cancellationToken)
    {
        var changed = tracker.TakeChanged();
        if (changed.Count == 0)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        for (var written = 0; written < changed.Count; written += ChunkRows)
        {
            try
            {
                await WriteAsync(db, changed.GetRange(written, Math.Min(ChunkRows, changed.Count - written)), cancellationToken);
            }
            catch
            {
                // Rows are independent: what was committed stays, the rest waits for the next flush.
                tracker.Requeue(changed.Skip(written));
                throw;
            }

            await Task.Yield();
        }

        var completion = scope.ServiceProvider.GetRequiredService<LessonCompletion>();
        foreach (var snapshot in changed.Where(s => s.Covered && s.CompletedAt is null))
        {
            await completion.TryCompleteLessonAsync(snapshot.PersonId, snapshot.LessonId, cancellationToken);
        }

        return changed.Count;
    }

    // One prepared upsert for the whole batch: the ORM's change tracking cost about a millisecond a row,
    // which at thousands of changed lessons per flush would outlast the flush interval. ON CONFLICT
    // is the same in SQLite and PostgreSQL.
    private const string Upsert = """
        INSERT INTO "LessonProgress" ("PersonId", "LessonId", "CourseId", "Coverage", "CoveredSeconds", "FurthestSeconds", "DurationSeconds", "UpdatedAt")
        VALUES (@person, @lesson, @course, @coverage, @covered, @furthest, @duration, @updated)
        ON CONFLICT ("PersonId", "LessonId") DO UPDATE SET "Coverage" = excluded."Coverage", "CoveredSeconds" = excluded."CoveredSeconds",
            "FurthestSeconds" = excluded."FurthestSeconds", "DurationSeconds" = excluded."DurationSeconds", "UpdatedAt" = excluded."UpdatedAt"
        """;

    private async Task WriteAsync(CoursesDbContext db, List<WatchSnapshot> changed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = Upsert;
        System.Data.Common.DbParameter Add(string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter;
        }

        var person = Add("@person", 0);
        var lesson = Add("@lesson", 0);
        var course = Add("@course", 0);
        var coverage = Add("@coverage", "");
        var covered = Add("@covered", 0.0);
        var furthest = Add("@furthest", 0.0);
        var duration = Add("@duration", 0.0);
        Add("@updated", now);
        foreach (var snapshot in changed)
        {
            person.Value = snapshot.PersonId;
            lesson.Value = snapshot.LessonId;
            course.Value = snapshot.CourseId;
            coverage.Value = snapshot.Coverage;
            covered.Value = snapshot.CoveredSeconds;
            furthest.Value = snapshot.FurthestSeconds;
            duration.Value = snapshot.DurationSeconds;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing watching progress failed; it is retried at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
