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

    // Evidence a failed flush did not write: retried at the next one (the flush gate guards both lists).
    private readonly List<PlaybackSnapshot> _unwrittenPlaybacks = [];
    private readonly List<CheckSnapshot> _unwrittenChecks = [];

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
        var taken = tracker.TakeEvidence();
        // What a failed flush could not write goes first, so a newer state of the same row taken now wins.
        List<PlaybackSnapshot> playbacks = [.. _unwrittenPlaybacks, .. taken.Playbacks];
        List<CheckSnapshot> checks = [.. _unwrittenChecks, .. taken.Checks];
        _unwrittenPlaybacks.Clear();
        _unwrittenChecks.Clear();
        if (changed.Count == 0 && playbacks.Count == 0 && checks.Count == 0)
        {
            return 0;
        }

        try
        {
            return await WriteChangedAsync(changed, playbacks, checks, cancellationToken);
        }
        catch
        {
            // Each row is the whole state of its playback or check, so writing it again later is harmless.
            _unwrittenPlaybacks.AddRange(playbacks);
            _unwrittenChecks.AddRange(checks);
            throw;
        }
    }

    private async Task<int> WriteChangedAsync(List<WatchSnapshot> changed, List<PlaybackSnapshot> playbacks, List<CheckSnapshot> checks,
        CancellationToken cancellationToken)
    {
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

        // Progress first: evidence rows refer to the lesson a first playback is just creating progress for.
        await WriteEvidenceAsync(db, playbacks, checks, cancellationToken);
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
        INSERT INTO "LessonProgress" ("PersonId", "LessonId", "CourseId", "Coverage", "CoveredSeconds", "FurthestSeconds", "DurationSeconds",
            "UncheckedSeconds", "UpdatedAt")
        VALUES (@person, @lesson, @course, @coverage, @covered, @furthest, @duration, @unchecked, @updated)
        ON CONFLICT ("PersonId", "LessonId") DO UPDATE SET "Coverage" = excluded."Coverage", "CoveredSeconds" = excluded."CoveredSeconds",
            "FurthestSeconds" = excluded."FurthestSeconds", "DurationSeconds" = excluded."DurationSeconds",
            "UncheckedSeconds" = excluded."UncheckedSeconds", "UpdatedAt" = excluded."UpdatedAt"
        """;

    private const string UpsertPlayback = """
        INSERT INTO "PlaybackRecords" ("Id", "PersonId", "LessonId", "StartedAt", "LastReportAt", "Device", "CreditedSeconds", "Intervals", "DeliveredSeconds")
        VALUES (@id, @person, @lesson, @started, @last, @device, @credited, @intervals, @delivered)
        ON CONFLICT ("Id") DO UPDATE SET "LastReportAt" = excluded."LastReportAt", "CreditedSeconds" = excluded."CreditedSeconds",
            "Intervals" = excluded."Intervals", "DeliveredSeconds" = excluded."DeliveredSeconds"
        """;

    private const string UpsertCheck = """
        INSERT INTO "WatchCheckRecords" ("Id", "PlaybackId", "PersonId", "LessonId", "IssuedAt", "AnsweredAt", "WrongAnswers", "Outcome")
        VALUES (@id, @playback, @person, @lesson, @issued, @answered, @wrong, @outcome)
        ON CONFLICT ("Id") DO UPDATE SET "PlaybackId" = excluded."PlaybackId", "AnsweredAt" = excluded."AnsweredAt",
            "WrongAnswers" = excluded."WrongAnswers", "Outcome" = excluded."Outcome"
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
        var uncheckedSeconds = Add("@unchecked", 0.0);
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
            uncheckedSeconds.Value = snapshot.UncheckedSeconds;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the evidence of watching: each changed playback's record and each check's state, with one
    /// prepared upsert per kind reused for every row (as the progress upsert), in transactions of
    /// <see cref="ChunkRows"/> rows with a yield between them. A playback whose person or lesson is gone
    /// (deleted meanwhile) is skipped by the foreign keys' check.
    /// </summary>
    private static async Task WriteEvidenceAsync(CoursesDbContext db, List<PlaybackSnapshot> playbacks, List<CheckSnapshot> checks,
        CancellationToken cancellationToken)
    {
        // EF Core keeps SQLite's Guids as upper-case text; PostgreSQL has a uuid type.
        var sqlite = db.Database.IsSqlite();
        object Id(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;
        for (var written = 0; written < playbacks.Count; written += ChunkRows)
        {
            await WriteRowsAsync(db, UpsertPlayback, playbacks.GetRange(written, Math.Min(ChunkRows, playbacks.Count - written)),
                ["@id", "@person", "@lesson", "@started", "@last", "@device", "@credited", "@intervals", "@delivered"],
                (snapshot, values) =>
                {
                    values[0].Value = Id(snapshot.Id);
                    values[1].Value = snapshot.PersonId;
                    values[2].Value = snapshot.LessonId;
                    values[3].Value = snapshot.StartedAt;
                    values[4].Value = snapshot.LastReportAt;
                    values[5].Value = snapshot.Device;
                    values[6].Value = snapshot.CreditedSeconds;
                    values[7].Value = snapshot.Intervals;
                    values[8].Value = snapshot.DeliveredSeconds;
                }, cancellationToken);
            await Task.Yield();
        }

        for (var written = 0; written < checks.Count; written += ChunkRows)
        {
            await WriteRowsAsync(db, UpsertCheck, checks.GetRange(written, Math.Min(ChunkRows, checks.Count - written)),
                ["@id", "@playback", "@person", "@lesson", "@issued", "@answered", "@wrong", "@outcome"],
                (check, values) =>
                {
                    values[0].Value = Id(check.Id);
                    values[1].Value = Id(check.PlaybackId);
                    values[2].Value = check.PersonId;
                    values[3].Value = check.LessonId;
                    values[4].Value = check.IssuedAt;
                    values[5].Value = (object?)check.AnsweredAt ?? DBNull.Value;
                    values[6].Value = check.WrongAnswers;
                    values[7].Value = (int)check.Outcome;
                }, cancellationToken);
            await Task.Yield();
        }
    }

    /// <summary>One transaction of rows through one command whose parameters are set row by row.</summary>
    private static async Task WriteRowsAsync<T>(CoursesDbContext db, string sql, List<T> rows, string[] names,
        Action<T, System.Data.Common.DbParameter[]> set, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        var values = new System.Data.Common.DbParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            values[i] = command.CreateParameter();
            values[i].ParameterName = names[i];
            command.Parameters.Add(values[i]);
        }

        foreach (var row in rows)
        {
            set(row, values);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing watching progress failed; it is retried at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
