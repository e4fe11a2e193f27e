using System.Diagnostics;
using System.Globalization;
using LearnHub.Courses;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Learning.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Benchmarks;

// Heartbeat ingestion load driver: N trainees each watch a lesson; every round each of them reports
// 12 s of playback (the clock moves 12 s per round), from several threads at full speed, while the
// flusher writes every 2 s into a WAL SQLite file. Then the same number of progress rows is written
// with raw batched Microsoft.Data.Sqlite inserts into the same database, for comparison.
// Usage: dotnet run -c Release --project tests/LearnHub.Benchmarks -- heartbeat-inprocess [trainees=5000] [rounds=20] [threads=4]
internal static class InProcessHeartbeat
{
    public static async Task RunAsync(string[] args)
    {
        var trainees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var folder = Path.Combine(Path.GetTempPath(), "learnhub-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new SteppedClock(DateTimeOffset.UtcNow);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["LearnHub:DataPath"] = folder;
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddCoursesModule();
        using var host = builder.Build();
        await host.Services.MigrateCoursesAsync();

        int lessonId, courseId;
        var people = new List<int>(trainees);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            var organization = new Organization { Name = "压测协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"),
                SupervisingUnit = new SupervisingUnit { Code = "bench", Name = "压测主管单位" } };
            var course = new Course { Slug = "bench", Title = "压测课程", CreditHours = 1, Format = CourseFormat.Online, Topic = CourseTopic.Law };
            course.Lessons.Add(new Lesson { Order = 1, Title = "第一讲", Minutes = 60, MediaAssetId = Guid.NewGuid() });
            db.Courses.Add(course);
            for (var i = 0; i < trainees; i++)
            {
                db.People.Add(new Person { Name = $"学员{i}", Mobile = (13900000000L + i).ToString(CultureInfo.InvariantCulture), Organization = organization });
            }

            await db.SaveChangesAsync();
            courseId = course.Id;
            lessonId = course.Lessons[0].Id;
            people.AddRange(await db.People.Select(p => p.Id).ToListAsync());
        }

        var tracker = host.Services.GetRequiredService<PlaybackTracker>();
        var flusher = host.Services.GetServices<IHostedService>().OfType<ProgressFlusher>().Single();
        var lesson = new WatchableLesson(lessonId, courseId, Guid.NewGuid(), RestrictSeekingOnFirstViewing: true);
        var playbacks = new Guid[people.Count];
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var watching = scope.ServiceProvider.GetRequiredService<WatchingService>();
            for (var i = 0; i < people.Count; i++)
            {
                // An hour-long lesson; attention checks would pause crediting, so they are set out of reach here.
                playbacks[i] = (await watching.StartAsync(people[i], lesson, 3600)).Id;
            }
        }

        using var stop = new CancellationTokenSource();
        var flushTimes = new List<double>();
        var flushing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(2000);
                var started = Stopwatch.GetTimestamp();
                var written = await flusher.FlushAsync(CancellationToken.None);
                if (written > 0)
                {
                    lock (flushTimes)
                    {
                        flushTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        });

        var latencies = new double[people.Count * rounds];
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            clock.Advance(TimeSpan.FromSeconds(12));
            var r = round;
            Parallel.For(0, people.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                var started = Stopwatch.GetTimestamp();
                tracker.Report(playbacks[i], people[i], [new PlayedSegment(r * 12, (r * 12) + 12)], visible: true);
                latencies[(r * people.Count) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
        }

        total.Stop();
        await stop.CancelAsync();
        await flushing;
        await flusher.FlushAsync(CancellationToken.None);

        Array.Sort(latencies);
        var reports = latencies.Length;
        Console.WriteLine($"heartbeats: {reports} reports by {trainees} trainees on {threads} threads in {total.Elapsed.TotalSeconds:0.00} s = {reports / total.Elapsed.TotalSeconds:0} reports/s");
        Console.WriteLine($"heartbeat latency (in-process, no HTTP): p50 {latencies[reports / 2] * 1000:0.0} µs, p99 {latencies[(int)(reports * 0.99)] * 1000:0.0} µs");
        flushTimes.Sort();
        if (flushTimes.Count > 0)
        {
            Console.WriteLine($"flushes: {flushTimes.Count}, median {flushTimes[flushTimes.Count / 2]:0} ms, max {flushTimes[^1]:0} ms (up to {trainees} rows each)");
        }

        // The baseline: the same rows, raw and batched, no ORM.
        var rows = trainees * 4;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "learnhub.db")}"))
        {
            await connection.OpenAsync();
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE bench_raw (PersonId INTEGER, LessonId INTEGER, Coverage TEXT, CoveredSeconds REAL, UpdatedAt INTEGER)";
                await create.ExecuteNonQueryAsync();
            }

            var raw = Stopwatch.StartNew();
            for (var batch = 0; batch < rows; batch += trainees)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO bench_raw VALUES ($p, $l, $c, $s, $u)";
                var p = insert.Parameters.Add("$p", SqliteType.Integer);
                insert.Parameters.AddWithValue("$l", lessonId);
                insert.Parameters.AddWithValue("$c", "0-240");
                insert.Parameters.AddWithValue("$s", 240.0);
                insert.Parameters.AddWithValue("$u", DateTime.UtcNow.Ticks);
                for (var i = 0; i < trainees; i++)
                {
                    p.Value = people[i];
                    await insert.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }

            raw.Stop();
            Console.WriteLine($"raw batched inserts: {rows} rows in {raw.Elapsed.TotalMilliseconds:0} ms = {rows / raw.Elapsed.TotalSeconds:0} rows/s ({trainees} rows per transaction)");
            if (flushTimes.Count > 0)
            {
                var perRowFlush = flushTimes[flushTimes.Count / 2] / trainees;
                var perRowRaw = raw.Elapsed.TotalMilliseconds / rows;
                Console.WriteLine($"flush cost per row vs raw insert: {perRowFlush * 1000:0.0} µs vs {perRowRaw * 1000:0.0} µs (ratio {perRowFlush / perRowRaw:0.0})");
            }
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

/// <summary>A clock the driver moves on round by round, so each report has 12 s of wall time behind it.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
