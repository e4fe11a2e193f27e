using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace LearnHub.Web.Tests;

/// <summary>The app on PostgreSQL: a fresh database, every migration, the demo content, pages served.</summary>
[Trait("Category", "Servers")]
#pragma warning disable CA1001 // disposed in DisposeAsync, which xunit calls
public sealed class PostgresTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly string _database = $"learnhub_{Guid.NewGuid():N}";
    private PostgresFactory? _factory;

    private static string ServerConnectionString => Environment.GetEnvironmentVariable("LEARNHUB_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LEARNHUB_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL.");

    public Task InitializeAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database };
        _factory = new PostgresFactory(builder.ConnectionString);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task App_migrates_loads_demo_content_and_serves_on_PostgreSQL()
    {
        var client = await _factory!.SignInAsync("trainee@learnhub.example");

        var catalogue = await client.GetStringAsync("/courses?tier=Secretaries");
        var learning = await client.GetAsync("/my/learning");

        Assert.Contains("data-testid=\"course-card\"", catalogue, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, learning.StatusCode);
        Assert.Contains("省人工智能学会", await learning.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from \"People\"", connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 300);

        // The administrator's dashboard: its upcoming sessions, rosters and failed-video queries translate here too.
        var admin = await _factory.SignInAsync("admin@learnhub.example");
        Assert.Contains("data-testid=\"attention-media\"", await admin.GetStringAsync("/admin"), StringComparison.Ordinal);

        // The running class: the head teacher's page (standings, leave, groups) and the trainee's part of the class page.
        var headTeacher = await _factory.SignInAsync("lecturer@learnhub.example");
        var run = await headTeacher.GetStringAsync("/classes/head-teacher");
        var classPath = System.Text.RegularExpressions.Regex.Match(run, "href=\"(/classes/[0-9]+)/run\"").Groups[1].Value;
        Assert.Contains("data-testid=\"leave-request\"", await headTeacher.GetStringAsync(classPath + "/run"), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"leave-standing\"", await client.GetStringAsync(classPath), StringComparison.Ordinal);
    }

    /// <summary>
    /// Watching on PostgreSQL: the flusher's raw upserts of progress and of the evidence (uuid keys there,
    /// text in SQLite) are written, and the course completes and is credited.
    /// </summary>
    [Fact]
    public async Task Watching_writes_progress_and_evidence_on_PostgreSQL()
    {
        var watching = new WatchingDriver(_factory!);
        var (courseId, lessons) = await watching.CourseAsync(lessons: 2);
        var client = await _factory!.SignInAsync(WatchingDriver.Trainee);
        var personId = await watching.TraineeIdAsync();
        foreach (var lesson in lessons)
        {
            await watching.WatchWholeLessonAsync(client, lesson);
        }

        await watching.FlushAsync();
        await watching.FlushAsync();

        var records = await watching.QueryAsync(db => db.PlaybackRecords.AsNoTracking().Where(p => p.PersonId == personId && lessons.Contains(p.LessonId)).ToListAsync());
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("0-30", r.Intervals));
        Assert.True(await watching.QueryAsync(db => db.LedgerEntries.AnyAsync(e => e.PersonId == personId && e.CreditKey == $"course:{courseId}")));
    }

    /// <summary>
    /// A database made before the live fields left the session keeps every session's slides, stream key and replay
    /// lesson: PostgreSQL's migration copies them into the session's broadcast before it drops the old columns.
    /// </summary>
    [Fact]
    public async Task An_existing_database_keeps_each_session_s_broadcast_fields_on_PostgreSQL()
    {
        var options = new DbContextOptionsBuilder<PostgresCoursesDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database }.ConnectionString).Options;
        await using (var db = new PostgresCoursesDbContext(options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            var moving = migrations.FindIndex(m => m.EndsWith("_MoveLiveFieldsToLiveBroadcast", StringComparison.Ordinal));
            Assert.True(moving > 0, "The migration moving the live fields is missing.");
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[moving - 1]);

            // Four sessions as the previous schema held them: everything live, a key only, nothing live, slides only.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "LectureHallSeries" ("Id", "Title", "Summary", "Year", "IsClass") VALUES (1, '大讲堂', '', 2026, false);
                INSERT INTO "Courses" ("Id", "Slug", "Title", "Summary", "NotesMarkdown", "Topic", "Fields", "Tiers", "Format", "CreditHours", "Published",
                        "RestrictSeekingOnFirstViewing")
                    VALUES (1, 'live-replay-1', '回放', '', '', 0, 0, 0, 0, 2.5, true, false);
                INSERT INTO "Lessons" ("Id", "CourseId", "Order", "Title", "Minutes", "NotesMarkdown") VALUES (5, 1, 1, '回放', 150, '');
                INSERT INTO "LectureHallSessions" ("Id", "SeriesId", "Number", "Date", "StartTime", "EndTime", "Topic", "Description", "Venue", "HasLiveRoom",
                        "Capacity", "Tiers", "Fields", "RosterVersion", "LiveSlides", "StreamKey", "ReplayLessonId")
                    VALUES (1, 1, 1, '2026-11-26', '14:30:00', '17:00:00', '一', '', '', true, 100, 0, 0, 0, E'# 一\n---\n# 二', 'key-one', 5),
                           (2, 1, 2, '2026-12-26', '14:30:00', '17:00:00', '二', '', '', true, 100, 0, 0, 0, '', 'key-two', NULL),
                           (3, 1, 3, '2027-01-26', '14:30:00', '17:00:00', '三', '', '', false, 100, 0, 0, 0, '', NULL, NULL),
                           (4, 1, 4, '2027-02-26', '14:30:00', '17:00:00', '四', '', '', true, 100, 0, 0, 0, '# 四', NULL, NULL);
                """);

            await migrator.MigrateAsync();
        }

        await using (var db = new PostgresCoursesDbContext(options))
        {
            Assert.Equal(4, await db.LectureHallSessions.CountAsync());
            var broadcasts = await db.LiveBroadcasts.AsNoTracking().OrderBy(b => b.SessionId).ToListAsync();
            Assert.Equal([1, 2, 4], broadcasts.Select(b => b.SessionId));
            Assert.Equal(("# 一\n---\n# 二", "key-one", (int?)5), (broadcasts[0].Slides, broadcasts[0].StreamKey, broadcasts[0].ReplayLessonId));
            Assert.Equal(("", "key-two", (int?)null), (broadcasts[1].Slides, broadcasts[1].StreamKey, broadcasts[1].ReplayLessonId));
            Assert.Equal(("# 四", (string?)null, (int?)null), (broadcasts[2].Slides, broadcasts[2].StreamKey, broadcasts[2].ReplayLessonId));
        }
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{_database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private sealed class PostgresFactory(string connectionString) : LearnHubFactory
    {
        protected override string? PostgresConnectionString => connectionString;
    }
}
