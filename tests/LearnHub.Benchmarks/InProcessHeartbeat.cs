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
using Microsoft.Extensions.Logging;

namespace LearnHub.Benchmarks;

// Heartbeat ingestion load driver: N trainees each watch a lesson; every round each of them reports
// 12 s of playback (the clock moves 12 s per round), from several threads at full speed. Before the
// clock moves, the media of that round is delivered to each playback as the streaming endpoint tells
// the tracker of each segment it serves (three 4 s segments), so the evidence check credits the whole
// claim. Flushes run inside the measured time (after every round, as the flusher writes every 2 s).
//
// Modes:
//   on       (default) evidence on, deliveries fed; then raw batched inserts into the same WAL file
//   off      RequireDeliveryEvidence=false and no deliveries (the path before delivery evidence)
//   compare  both sides in one process, each with its own host and database, measured in alternating
//            blocks (off, on, off, on, …) after one warm-up block each: credited seconds, per-report
//            latency and process CPU per report, and the on ÷ off CPU ratio as a median over the pairs
// Usage: dotnet run -c Release --project tests/LearnHub.Benchmarks -- heartbeat-inprocess [trainees=5000] [rounds=20] [threads=4] [mode=on] [pairs=6]
// (in compare mode, rounds are per block)
internal static class InProcessHeartbeat
{
    private const double RoundSeconds = 12;
    private const double SegmentSeconds = 4;

    public static async Task RunAsync(string[] args)
    {
        var trainees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var mode = args.Length > 3 ? args[3] : "on";
        var pairs = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 6;
        switch (mode)
        {
            case "on" or "off":
                await SingleAsync(trainees, rounds, threads, evidence: mode == "on");
                break;
            case "compare":
                await CompareAsync(trainees, rounds, threads, pairs);
                break;
            default:
                throw new ArgumentException($"unknown mode {mode}: on, off or compare");
        }
    }

    private static async Task SingleAsync(int trainees, int rounds, int threads, bool evidence)
    {
        await using var side = await Side.CreateAsync(trainees, evidence);
        using var stop = new CancellationTokenSource();
        var flushTimes = new List<double>();
        var flushing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(2000);
                var started = Stopwatch.GetTimestamp();
                var written = await side.Flusher.FlushAsync(CancellationToken.None);
                if (written > 0)
                {
                    lock (flushTimes)
                    {
                        flushTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        });

        var total = Stopwatch.StartNew();
        var block = side.Run(rounds, threads, flushEachRound: false);
        total.Stop();
        await stop.CancelAsync();
        await flushing;
        await side.Flusher.FlushAsync(CancellationToken.None);

        var reports = block.Reports;
        Console.WriteLine($"heartbeats ({side.Name}): {reports} reports by {trainees} trainees on {threads} threads in {total.Elapsed.TotalSeconds:0.00} s = {reports / total.Elapsed.TotalSeconds:0} reports/s; " +
            $"credited {block.Credited:0} s ({block.Credited / reports:0.0} s a report)");
        Console.WriteLine($"heartbeat latency (in-process, no HTTP): p50 {block.P50 * 1000:0.0} µs, p99 {block.P99 * 1000:0.0} µs");
        flushTimes.Sort();
        if (flushTimes.Count > 0)
        {
            Console.WriteLine($"flushes: {flushTimes.Count}, median {flushTimes[flushTimes.Count / 2]:0} ms, max {flushTimes[^1]:0} ms (up to {trainees} rows each)");
        }

        // The baseline: the same rows, raw and batched, no ORM.
        var rows = trainees * 4;
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(side.Folder, "learnhub.db")}"))
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
                insert.Parameters.AddWithValue("$l", side.LessonId);
                insert.Parameters.AddWithValue("$c", "0-240");
                insert.Parameters.AddWithValue("$s", 240.0);
                insert.Parameters.AddWithValue("$u", DateTime.UtcNow.Ticks);
                for (var i = 0; i < trainees; i++)
                {
                    p.Value = side.People[i];
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
    }

    private static async Task CompareAsync(int trainees, int rounds, int threads, int pairs)
    {
        // Each side moves its own clock 12 s a round: keep a playback's claims inside the hour-long lesson.
        if ((pairs + 1) * rounds * RoundSeconds > Side.LessonSeconds * 0.9)
        {
            throw new ArgumentException($"{pairs + 1} blocks of {rounds} rounds pass the end of the {Side.LessonSeconds} s lesson");
        }

        await using var off = await Side.CreateAsync(trainees, evidence: false);
        await using var on = await Side.CreateAsync(trainees, evidence: true);
        Console.WriteLine($"side by side: {trainees} trainees, {rounds} rounds ({rounds * trainees} reports) a block, {threads} threads, " +
            $"a flush after every round; one warm-up block each, then {pairs} pairs (off, on)");
        off.Run(rounds, threads, flushEachRound: true);
        on.Run(rounds, threads, flushEachRound: true);
        var offBlocks = new List<Block>();
        var onBlocks = new List<Block>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var a = off.Run(rounds, threads, flushEachRound: true);
            var b = on.Run(rounds, threads, flushEachRound: true);
            offBlocks.Add(a);
            onBlocks.Add(b);
            Console.WriteLine($"pair {pair + 1}: off {a}; on {b}; CPU on ÷ off {b.CpuPerReport / a.CpuPerReport:0.00}");
        }

        foreach (var (name, blocks) in new[] { ("off (no evidence check, no deliveries)", offBlocks), ("on (evidence check, deliveries fed)", onBlocks) })
        {
            Console.WriteLine($"{name}: credited {blocks.Sum(b => b.Credited):0} s over {blocks.Sum(b => b.Reports)} reports; " +
                $"median of blocks: p50 {Median(blocks.Select(b => b.P50)) * 1000:0.0} µs, p99 {Median(blocks.Select(b => b.P99)) * 1000:0.0} µs, " +
                $"CPU {Median(blocks.Select(b => b.CpuPerReport)):0.00} µs a report (of which flushing {Median(blocks.Select(b => b.FlushMilliseconds)):0} ms a block), " +
                $"wall {Median(blocks.Select(b => b.WallPerReport)):0.00} µs a report");
        }

        var ratios = offBlocks.Zip(onBlocks, (a, b) => b.CpuPerReport / a.CpuPerReport).ToList();
        Console.WriteLine($"CPU per report, on ÷ off, pair by pair: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; " +
            $"median {Median(ratios):0.00}; ratio of the medians {Median(onBlocks.Select(b => b.CpuPerReport)) / Median(offBlocks.Select(b => b.CpuPerReport)):0.00}");
        Console.WriteLine($"p99 on ÷ off, median of pairs: {Median(offBlocks.Zip(onBlocks, (a, b) => b.P99 / a.P99)):0.00}");
        if (offBlocks.Sum(b => b.Credited) != onBlocks.Sum(b => b.Credited) || onBlocks.Sum(b => b.Credited) <= 0)
        {
            Console.WriteLine("WARNING: the two sides credited different (or no) seconds");
        }
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>One measured block: reports, credited seconds, latency in ms, process CPU and wall time per report in µs.</summary>
    private sealed record Block(int Reports, double Credited, double P50, double P99, double CpuPerReport, double WallPerReport, double FlushMilliseconds, int Undelivered)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"credited {Credited:0} s, p50 {P50 * 1000:0.0} µs, p99 {P99 * 1000:0.0} µs, CPU {CpuPerReport:0.00} µs a report, flushes {FlushMilliseconds:0} ms{(Undelivered > 0 ? $", {Undelivered} reports partly undelivered" : "")}");
    }

    /// <summary>A host of the courses module on its own SQLite file, its trainees and their playbacks of one lesson.</summary>
    private sealed class Side : IAsyncDisposable
    {
        public const double LessonSeconds = 3600;

        private readonly IHost _host;
        private readonly SteppedClock _clock;
        private readonly Guid[] _playbacks;
        private readonly Guid _asset;
        private readonly bool _evidence;
        private int _round;

        private Side(IHost host, SteppedClock clock, string folder, bool evidence, int lessonId, List<int> people, Guid[] playbacks, Guid asset)
        {
            _host = host;
            _clock = clock;
            Folder = folder;
            _evidence = evidence;
            LessonId = lessonId;
            People = people;
            _playbacks = playbacks;
            _asset = asset;
            Tracker = host.Services.GetRequiredService<PlaybackTracker>();
            Flusher = host.Services.GetServices<IHostedService>().OfType<ProgressFlusher>().Single();
        }

        public string Name => _evidence ? "evidence on, deliveries fed" : "evidence off, no deliveries";

        public string Folder { get; }

        public int LessonId { get; }

        public List<int> People { get; }

        public PlaybackTracker Tracker { get; }

        public ProgressFlusher Flusher { get; }

        public static async Task<Side> CreateAsync(int trainees, bool evidence)
        {
            var folder = Path.Combine(Path.GetTempPath(), "learnhub-bench", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var clock = new SteppedClock(DateTimeOffset.UtcNow);
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration["LearnHub:DataPath"] = folder;
            builder.Configuration["LearnHub:Watching:RequireDeliveryEvidence"] = evidence ? "true" : "false";
            // Attention checks would hold crediting at random moments, differently on the two sides: the
            // lesson stays under the length that gets them, so both credit the same.
            builder.Configuration["LearnHub:Watching:AttentionCheckMinDurationSeconds"] = (LessonSeconds + 1).ToString(CultureInfo.InvariantCulture);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.AddCoursesModule();
            var host = builder.Build();
            await host.Services.MigrateCoursesAsync();

            int lessonId, courseId;
            var asset = Guid.NewGuid();
            var people = new List<int>(trainees);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
                var organization = new Organization { Name = "压测协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"),
                    SupervisingUnit = new SupervisingUnit { Code = "bench", Name = "压测主管单位" } };
                var course = new Course { Slug = "bench", Title = "压测课程", CreditHours = 1, Format = CourseFormat.Online, Topic = CourseTopic.Law };
                course.Lessons.Add(new Lesson { Order = 1, Title = "第一讲", Minutes = 60, MediaAssetId = asset });
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

            // The playbacks are issued for the lesson's video, as /api/v1/playback/start does: only its segments count as delivered.
            var lesson = new WatchableLesson(lessonId, courseId, asset, RestrictSeekingOnFirstViewing: true);
            var playbacks = new Guid[people.Count];
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var watching = scope.ServiceProvider.GetRequiredService<WatchingService>();
                for (var i = 0; i < people.Count; i++)
                {
                    playbacks[i] = (await watching.StartAsync(people[i], lesson, LessonSeconds, "bench")).Id;
                }
            }

            var side = new Side(host, clock, folder, evidence, lessonId, people, playbacks, asset);
            // The playbacks' first records and their lessons' first rows are inserts: not part of any block.
            await side.Flusher.FlushAsync(CancellationToken.None);
            return side;
        }

        /// <summary>
        /// Runs <paramref name="rounds"/> rounds: deliveries (evidence side), the clock moves 12 s, every
        /// trainee reports, and with <paramref name="flushEachRound"/> a flush, all inside the measured CPU.
        /// </summary>
        public Block Run(int rounds, int threads, bool flushEachRound)
        {
            var trainees = People.Count;
            var latencies = new double[trainees * rounds];
            var credited = new double[trainees];
            var undelivered = 0;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var flushTicks = 0L;
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            for (var block = 0; block < rounds; block++)
            {
                var from = _round * RoundSeconds;
                var r = block;
                if (_evidence)
                {
                    // What the streaming endpoint reports for each segment a player fetches ahead of playing it.
                    Parallel.For(0, trainees, options, i =>
                    {
                        for (var start = from; start < from + RoundSeconds; start += SegmentSeconds)
                        {
                            Tracker.Delivered(_playbacks[i], _asset, start, start + SegmentSeconds);
                        }
                    });
                }

                _clock.Advance(TimeSpan.FromSeconds(RoundSeconds));
                Parallel.For(0, trainees, options, i =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var outcome = Tracker.Report(_playbacks[i], People[i], [new PlayedSegment(from, from + RoundSeconds)], visible: true);
                    latencies[(r * trainees) + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    credited[i] += outcome?.CreditedSeconds ?? 0;
                    if (outcome?.Undelivered == true)
                    {
                        Interlocked.Increment(ref undelivered);
                    }
                });
                _round++;
                if (flushEachRound)
                {
                    var flushStarted = Stopwatch.GetTimestamp();
                    Flusher.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
                    flushTicks += Stopwatch.GetTimestamp() - flushStarted;
                }
            }

            wall.Stop();
            process.Refresh();
            var cpuUsed = process.TotalProcessorTime - cpu;
            Array.Sort(latencies);
            var reports = latencies.Length;
            return new Block(reports, credited.Sum(), latencies[reports / 2], latencies[(int)(reports * 0.99)],
                cpuUsed.TotalMicroseconds / reports, wall.Elapsed.TotalMicroseconds / reports,
                flushTicks * 1000.0 / Stopwatch.Frequency, undelivered);
        }

        public async ValueTask DisposeAsync()
        {
            _host.Dispose();
            SqliteConnection.ClearAllPools();
            await Task.Yield();
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>A clock the driver moves on round by round, so each report has 12 s of wall time behind it.</summary>
internal sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
