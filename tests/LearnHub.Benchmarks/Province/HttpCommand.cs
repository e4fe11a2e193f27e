using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.DataAccess;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Benchmarks.Province;

/// <summary>
/// Load from another process against a running LearnHub on a generated SQLite province
/// (<c>LEARNHUB_DATA=DATA_FOLDER</c>):
/// <list type="bullet">
/// <item><c>dashboard URL DATA_FOLDER [requests=40]</c>: a supervisor of the 500-organization unit opens
/// /supervision one request after another; p50/p95 of the whole response.</item>
/// <item><c>heartbeat URL DATA_FOLDER [learners=100000] [seconds=60] [interval=20]</c>: every learner starts a playback of
/// an hour-long lesson, then reports every 20 s (open loop: sends are scheduled at learners ÷ 20 per
/// second whatever the answers do); then a closed loop of 256 senders for a third of that time (the rate the
/// server takes when offered all it can); then raw batched inserts into the same WAL file for comparison.</item>
/// </list>
/// Sign-in cookies are minted with the server's own data-protection keys in DATA_FOLDER/keys — the
/// ticket a password sign-in would issue (user id, role, person or unit claim) — because 100,000
/// PBKDF2 sign-ins would take longer than the test.
/// </summary>
internal static class HttpCommand
{
    private const string CookieName = "learnhub.auth";

    public static async Task RunAsync(string[] args, bool dashboard)
    {
        var baseUrl = new Uri(args[0]);
        var data = Path.GetFullPath(args[1]);
        var format = TicketFormat(data);
        if (dashboard)
        {
            await DashboardAsync(baseUrl, format, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40);
        }
        else
        {
            await HeartbeatAsync(baseUrl, data, format,
                args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60,
                args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20);
        }
    }

    private static SecureDataFormat<AuthenticationTicket> TicketFormat(string data)
    {
        var provider = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys")),
            options => options.SetApplicationName("LearnHub"));
        // The purposes ASP.NET Core's cookie handler uses for the Identity application scheme.
        var protector = provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Identity.Application", "v2");
        return new TicketDataFormat(protector);
    }

    private static string Cookie(SecureDataFormat<AuthenticationTicket> format, string userId, string role, string scopeClaim, int scopeValue)
    {
        var identity = new ClaimsIdentity("Identity.Application");
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, userId));
        identity.AddClaim(new Claim(ClaimTypes.Name, userId + "@bench.example"));
        identity.AddClaim(new Claim("name", userId));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        identity.AddClaim(new Claim(scopeClaim, scopeValue.ToString(CultureInfo.InvariantCulture)));
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(2) }, "Identity.Application");
        return format.Protect(ticket);
    }

    private static async Task DashboardAsync(Uri baseUrl, SecureDataFormat<AuthenticationTicket> format, int requests)
    {
        var cookie = Cookie(format, "bench-supervisor", "Supervisor", "learnhub:unit", 1);
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("Cookie", $"{CookieName}={cookie}");
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < requests + 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(new Uri($"/supervision?year={ProvinceData.Today.Year}", UriKind.Relative));
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"/supervision answered {(int)response.StatusCode}");
            }

            // The first requests warm the server (JIT, view compilation, page cache).
            if (i >= 3)
            {
                times.Add(elapsed);
                bytes = body.Length;
            }
        }

        times.Sort();
        Console.WriteLine($"supervisor dashboard, unit of {ProvinceData.BenchmarkUnitOrganizations} organizations, {requests} requests one after another ({bytes / 1024} KB each): " +
            $"p50 {ComplianceCommand.Median(times):0} ms, p95 {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:0} ms, max {times[^1]:0} ms");
    }

    private static async Task HeartbeatAsync(Uri baseUrl, string data, SecureDataFormat<AuthenticationTicket> format, int learners, int seconds,
        int interval)
    {
        var lessonId = await EnsureLessonAsync(data);
        var minting = Stopwatch.StartNew();
        var cookies = new string[learners];
        Parallel.For(0, learners, i => cookies[i] = $"{CookieName}={Cookie(format, $"bench-learner-{i + 1}", "Trainee", "learnhub:person", i + 1)}");
        Console.WriteLine($"{learners:N0} sign-in cookies minted in {minting.Elapsed.TotalSeconds:0.0} s");

        using var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 128, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var playbacks = new Guid[learners];
        var starting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, learners), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/playback/start") { Content = JsonContent.Create(new { lessonId }) };
            request.Headers.Add("Cookie", cookies[i]);
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var start = await response.Content.ReadFromJsonAsync<StartAnswer>(cancellationToken);
            playbacks[i] = start!.PlaybackId;
        });
        Console.WriteLine($"{learners:N0} playbacks started in {starting.Elapsed.TotalSeconds:0.0} s ({learners / starting.Elapsed.TotalSeconds:0}/s)");

        // Open loop: report k of learner i is due at (i / learners + k) × interval from the start. (A shorter
        // interval with fewer learners gives the same rate with fewer playbacks in memory: quicker to set up
        // when comparing two builds; the recorded figures use 100,000 learners every 20 s.)
        var rate = learners / (double)interval;
        var total = (long)(rate * seconds);
        // The driver keeps as little as it can per report (no task list, latencies in one preallocated
        // array) so that its own garbage collections do not show up as the server's tail latency.
        var latencies = new Latencies(total);
        var failures = new ConcurrentDictionary<string, int>();
        var inFlight = 0;
        var maxInFlight = 0;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        long done = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate));
            for (; sent < due; sent++)
            {
                var learner = (int)(sent % learners);
                var round = (int)(sent / learners);
                var current = Interlocked.Increment(ref inFlight);
                if (current > maxInFlight)
                {
                    maxInFlight = current;
                }

                _ = SendAndCountAsync(learner, round);
            }

            await Task.Delay(2);
        }

        async Task SendAndCountAsync(int learner, int round)
        {
            await SendAsync(client, cookies[learner], playbacks[learner], round, interval, latencies, failures);
            Interlocked.Decrement(ref inFlight);
            if (Interlocked.Increment(ref done) == total)
            {
                drained.SetResult();
            }
        }

        var sending = clock.Elapsed.TotalSeconds;
        await drained.Task;
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Sorted();
        Console.WriteLine($"heartbeats over HTTP: {sorted.Length:N0} answered of {total:N0} sent in {sending:0.0} s (all answered after {elapsed:0.0} s) = " +
            $"{sorted.Length / elapsed:0} reports/s at an offered {rate:0}/s; p50 {sorted[sorted.Length / 2]:0.0} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0.0} ms, " +
            $"max {sorted[^1]:0.0} ms; most in flight {maxInFlight}");
        Console.WriteLine(failures.IsEmpty ? "failures: none" : "failures: " + string.Join(", ", failures.Select(f => $"{f.Key} × {f.Value}")));

        // The open loop above is capped at the offered rate; what the server takes when offered all it can is
        // a closed loop: 256 senders, each sending the next report as soon as the last is answered.
        var saturated = await SaturateAsync(client, cookies, playbacks, (int)Math.Ceiling(total / (double)learners), Math.Max(10, seconds / 3), interval);

        // Let the flusher write the last interval, then the baseline on the same WAL file.
        await Task.Delay(3000);
        var raw = await RawInsertsAsync(Path.Combine(data, "learnhub.db"), learners);
        Console.WriteLine($"raw batched Microsoft.Data.Sqlite inserts into the same WAL file: {raw:0} rows/s; " +
            $"HTTP reports ÷ raw rows = {sorted.Length / elapsed / raw:0.00} at the offered rate, {saturated / raw:0.00} saturated");
    }

    private static async Task<double> SaturateAsync(HttpClient client, string[] cookies, Guid[] playbacks, int firstRound, int seconds, int interval)
    {
        var latencies = new Latencies(50_000L * seconds);
        var failures = new ConcurrentDictionary<string, int>();
        long next = (long)firstRound * cookies.Length;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Parallel.ForEachAsync(Enumerable.Range(0, 256), new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (_, _) =>
        {
            while (clock.Elapsed < until)
            {
                var n = Interlocked.Increment(ref next) - 1;
                var learner = (int)(n % cookies.Length);
                await SendAsync(client, cookies[learner], playbacks[learner], (int)(n / cookies.Length), interval, latencies, failures);
            }
        });
        var elapsed = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Sorted();
        var rate = sorted.Length / elapsed;
        Console.WriteLine($"heartbeats over HTTP, saturated (256 senders, closed loop, {elapsed:0} s): {rate:0} reports/s; " +
            $"p50 {sorted[sorted.Length / 2]:0.0} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0.0} ms; " +
            (failures.IsEmpty ? "failures: none" : "failures: " + string.Join(", ", failures.Select(f => $"{f.Key} × {f.Value}"))));
        return rate;
    }

    private sealed record StartAnswer(Guid PlaybackId);

    /// <summary>Answered reports' latencies in milliseconds, written without locks into one array.</summary>
    private sealed class Latencies(long capacity)
    {
        private readonly double[] values = new double[capacity];
        private long count;

        public void Add(double milliseconds)
        {
            var index = Interlocked.Increment(ref count) - 1;
            if (index < values.Length)
            {
                values[index] = milliseconds;
            }
        }

        public double[] Sorted()
        {
            var sorted = values.AsSpan(0, (int)Math.Min(Interlocked.Read(ref count), values.Length)).ToArray();
            Array.Sort(sorted);
            return sorted;
        }
    }

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private static async Task SendAsync(HttpClient client, string cookie, Guid playback, int round, int interval, Latencies latencies,
        ConcurrentDictionary<string, int> failures)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // What the player's fetch sends: a JSON text with its length, not a chunked stream.
            var from = round * interval;
            var body = Encoding.UTF8.GetBytes(
                $$"""{"playbackId":"{{playback}}","visible":true,"segments":[{"from":{{from}},"to":{{from + interval}},"hidden":false}]}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/playback/heartbeat")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
            };
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return;
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
        }
    }

    /// <summary>A published course with one hour-long lesson whose video is ready, written beside the province.</summary>
    private static async Task<int> EnsureLessonAsync(string data)
    {
        var database = new BenchDatabase(DatabaseProvider.Sqlite, data);
        using var host = database.CreateHost();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var existing = await db.Lessons.Where(l => l.Title == "压测讲座").Select(l => (int?)l.Id).FirstOrDefaultAsync();
        if (existing is { } id)
        {
            return id;
        }

        var asset = Guid.NewGuid();
        var course = new Course { Slug = "bench-heartbeat", Title = "压测课程", CreditHours = 1, Format = CourseFormat.Online, Topic = CourseTopic.Law };
        course.Lessons.Add(new Lesson { Order = 1, Title = "压测讲座", Minutes = 60, MediaAssetId = asset });
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO media_assets (Id, FileName, Status, UploadLength, UploadOffset, Progress, DurationSeconds, Width, Height, Failure, Attempts, OwnerId, LessonId, CreatedAt, UpdatedAt)
            VALUES ($id, 'bench.mp4', 'Ready', 1, 1, 1, 3600, 1280, 720, 'None', 1, 'bench', $lesson, 0, 0)
            """;
        insert.Parameters.AddWithValue("$id", asset.ToString().ToUpperInvariant());
        insert.Parameters.AddWithValue("$lesson", course.Lessons[0].Id);
        await insert.ExecuteNonQueryAsync();
        return course.Lessons[0].Id;
    }

    /// <summary>Rows of the size of a progress row, prepared INSERT, 5,000 per transaction: what the disk and SQLite can take.</summary>
    private static async Task<double> RawInsertsAsync(string file, int learners)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Default Timeout=30");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (PersonId INTEGER, LessonId INTEGER, Coverage TEXT, CoveredSeconds REAL, UpdatedAt INTEGER)";
            await create.ExecuteNonQueryAsync();
        }

        var rows = Math.Max(learners, 100_000);
        var watch = Stopwatch.StartNew();
        for (var batch = 0; batch < rows; batch += 5000)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO bench_raw VALUES ($p, 1, '0-60', 60.0, $u)";
            var person = insert.Parameters.Add("$p", SqliteType.Integer);
            insert.Parameters.AddWithValue("$u", DateTime.UtcNow.Ticks);
            for (var i = 0; i < 5000; i++)
            {
                person.Value = batch + i;
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var rate = rows / watch.Elapsed.TotalSeconds;
        await using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TABLE bench_raw";
            await drop.ExecuteNonQueryAsync();
        }

        return rate;
    }
}
