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
/// <item><c>heartbeat URL DATA_FOLDER [learners=100000] [seconds=60] [interval=20] [media=fetch]</c>: every learner starts a playback of
/// an hour-long lesson, then reports every 20 s (open loop: sends are scheduled at learners ÷ 20 per
/// second whatever the answers do); then a closed loop of 256 senders for a third of that time (the rate the
/// server takes when offered all it can); then raw batched inserts into the same WAL file for comparison.
/// With <c>media=fetch</c> the lesson has a published HLS rendition (4 s segments) and each learner, like a
/// player buffering ahead, fetches the next report's segments through its playback's signed URLs just
/// before sending a report (the first report's when the playback starts), so the server credits on the
/// evidence of delivered media; credited seconds are checked. <c>media=none</c> fetches nothing: the
/// driver as it was before delivery evidence, for a server started with
/// <c>--LearnHub:Watching:RequireDeliveryEvidence=false</c>.</item>
/// </list>
/// Sign-in cookies are minted with the server's own data-protection keys in DATA_FOLDER/keys — the
/// ticket a password sign-in would issue (user id, role, person or unit claim) — because 100,000
/// PBKDF2 sign-ins would take longer than the test.
/// </summary>
internal static class HttpCommand
{
    internal const string CookieName = "learnhub.auth";

    public static async Task RunAsync(string[] args, bool dashboard)
    {
        var baseUrl = new Uri(args[0]);
        var data = Path.GetFullPath(args[1]);
        var format = TicketFormat(data);
        var learners = dashboard ? 0 : args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        await BenchAccounts.EnsureAsync(new BenchDatabase(DatabaseProvider.Sqlite, data), learners);
        if (dashboard)
        {
            await DashboardAsync(baseUrl, format, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40);
        }
        else
        {
            await HeartbeatAsync(baseUrl, data, format, learners,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60,
                args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20,
                args.Length > 5 ? args[5] switch
                {
                    "fetch" => true,
                    "none" => false,
                    var other => throw new ArgumentException($"media={other}: fetch or none"),
                } : true);
        }
    }

    internal static SecureDataFormat<AuthenticationTicket> TicketFormat(string data)
    {
        var provider = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys")),
            options => options.SetApplicationName("LearnHub"));
        // The purposes ASP.NET Core's cookie handler uses for the Identity application scheme.
        var protector = provider.CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Identity.Application", "v2");
        return new TicketDataFormat(protector);
    }

    internal static string Cookie(SecureDataFormat<AuthenticationTicket> format, string userId, string role, string scopeClaim, int scopeValue)
    {
        var identity = new ClaimsIdentity("Identity.Application");
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, userId));
        identity.AddClaim(new Claim(ClaimTypes.Name, userId + "@bench.example"));
        identity.AddClaim(new Claim("name", userId));
        identity.AddClaim(new Claim(ClaimTypes.Role, role));
        identity.AddClaim(new Claim(scopeClaim, scopeValue.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim("AspNet.Identity.SecurityStamp", BenchAccounts.Stamp));
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(2) }, "Identity.Application");
        return format.Protect(ticket);
    }

    private static async Task DashboardAsync(Uri baseUrl, SecureDataFormat<AuthenticationTicket> format, int requests)
    {
        var cookie = Cookie(format, BenchAccounts.SupervisorId, "Supervisor", "learnhub:unit", 1);
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
        int interval, bool fetchMedia)
    {
        var lessonId = await EnsureLessonAsync(data);
        Console.WriteLine(fetchMedia
            ? $"media: each report's {interval / (int)SegmentSeconds} segments of {SegmentSeconds} s fetched through the playback's signed URLs a report ahead"
            : "media: none fetched (for a server without the delivery evidence check)");
        var minting = Stopwatch.StartNew();
        var cookies = new string[learners];
        Parallel.For(0, learners, i => cookies[i] = $"{CookieName}={Cookie(format, BenchAccounts.LearnerId(i + 1), "Trainee", "learnhub:person", i + 1)}");
        Console.WriteLine($"{learners:N0} sign-in cookies minted in {minting.Elapsed.TotalSeconds:0.0} s");

        using var handler = new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 128, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var playbacks = new Guid[learners];
        var media = new string[learners];
        var offsets = new double[learners];
        var mediaStats = new MediaStats();
        Segment[] segments = [];
        var starting = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, learners), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/playback/start") { Content = JsonContent.Create(new { lessonId }) };
            request.Headers.Add("Cookie", cookies[i]);
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var start = await response.Content.ReadFromJsonAsync<StartAnswer>(cancellationToken);
            playbacks[i] = start!.PlaybackId;
            // A learner of an earlier run goes on where it stopped: media already covered earns nothing again.
            offsets[i] = start.FurthestSeconds;
            // The playlist's folder, under the playback's signed base: the playback id is in the URL.
            media[i] = start.Source[..(start.Source.LastIndexOf('/') + 1)];
        });
        if (fetchMedia)
        {
            // Every playback gets the same playlists under its own signed base: read them once.
            segments = await SegmentsAsync(client, media[0]);
            await Parallel.ForEachAsync(Enumerable.Range(0, learners), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
                await FetchAsync(client, media[i], segments, offsets[i], offsets[i] + interval, mediaStats));
            Console.WriteLine($"first report's segments fetched for every playback: {mediaStats.Count:N0}, failures {mediaStats.Failures:N0}");
            mediaStats = new MediaStats();
            // A player plays what it fetched before it reports it: media counts only if its segment arrived
            // before it could have been played at the maximum rate, and on a first viewing a stretch that is
            // not credited from its start is a jump ahead, so the first report waits one interval.
            await Task.Delay(TimeSpan.FromSeconds(interval));
        }

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
        var credit = new Credit();
        var inFlight = 0;
        var maxInFlight = 0;
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.WriteLine($"open loop: {total:N0} reports at {rate:0}/s");
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
            if (fetchMedia)
            {
                await FetchAsync(client, media[learner], segments, offsets[learner] + ((round + 1) * interval), offsets[learner] + ((round + 2) * interval), mediaStats);
            }

            await SendAsync(client, cookies[learner], playbacks[learner], offsets[learner] + (round * interval), interval, latencies, failures, credit);
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
        Console.WriteLine($"credited: {credit.Seconds:0} s in {sorted.Length:N0} answers ({credit.Seconds / Math.Max(1, sorted.Length):0.00} s an answer, {interval} s claimed); " +
            $"answers crediting nothing: {credit.Nothing:N0}" + (credit.Nothing > 0 || credit.Seconds <= 0 ? " — CHECK" : ""));
        if (fetchMedia)
        {
            Console.WriteLine($"segments fetched: {mediaStats.Count:N0} ({mediaStats.Count / (double)Math.Max(1, sorted.Length):0.0} a report), failures {mediaStats.Failures:N0}");
        }

        // The open loop above is capped at the offered rate; what the server takes when offered all it can is
        // a closed loop: 256 senders, each sending the next report as soon as the last is answered.
        var saturated = await SaturateAsync(client, cookies, playbacks, (int)Math.Ceiling(total / (double)learners), Math.Max(10, seconds / 3), interval,
            offsets, fetchMedia
                ? (learner, round) => FetchAsync(client, media[learner], segments, offsets[learner] + ((round + 1) * interval), offsets[learner] + ((round + 2) * interval), mediaStats)
                : null);

        // Let the flusher write the last interval, then the baseline on the same WAL file.
        await Task.Delay(3000);
        var raw = await RawInsertsAsync(Path.Combine(data, "learnhub.db"), learners);
        Console.WriteLine($"raw batched Microsoft.Data.Sqlite inserts into the same WAL file: {raw:0} rows/s; " +
            $"HTTP reports ÷ raw rows = {sorted.Length / elapsed / raw:0.00} at the offered rate, {saturated / raw:0.00} saturated");
    }

    private static async Task<double> SaturateAsync(HttpClient client, string[] cookies, Guid[] playbacks, int firstRound, int seconds, int interval,
        double[] offsets, Func<int, int, Task>? fetch)
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
                var round = (int)(n / cookies.Length);
                if (fetch is not null)
                {
                    await fetch(learner, round);
                }

                await SendAsync(client, cookies[learner], playbacks[learner], offsets[learner] + (round * interval), interval, latencies, failures, null);
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

    private sealed record StartAnswer(Guid PlaybackId, string Source, double FurthestSeconds);

    private const double SegmentSeconds = 4;

    private sealed record Segment(string Path, double Start, double End);

    private sealed class MediaStats
    {
        public long Count;
        public long Failures;
    }

    /// <summary>What the answers credited, in tenths of a second, and how many credited nothing.</summary>
    private sealed class Credit
    {
        private long _tenths;
        private long _nothing;

        public double Seconds => Interlocked.Read(ref _tenths) / 10.0;

        public long Nothing => Interlocked.Read(ref _nothing);

        public void Add(double seconds)
        {
            Interlocked.Add(ref _tenths, (long)Math.Round(seconds * 10));
            if (seconds <= 0)
            {
                Interlocked.Increment(ref _nothing);
            }
        }
    }

    /// <summary>The master playlist's first rendition and its segments, as paths under the signed base, with their media times.</summary>
    private static async Task<Segment[]> SegmentsAsync(HttpClient client, string signedBase)
    {
        var variant = (await client.GetStringAsync(new Uri(signedBase + "master.m3u8", UriKind.Relative))).Split('\n').Select(l => l.Trim())
            .First(l => l.Length > 0 && !l.StartsWith('#'));
        var folder = variant.Contains('/', StringComparison.Ordinal) ? variant[..(variant.LastIndexOf('/') + 1)] : "";
        var list = new List<Segment>();
        var position = 0.0;
        double? length = null;
        foreach (var line in (await client.GetStringAsync(new Uri(signedBase + variant, UriKind.Relative))).Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                length = double.Parse(line[8..].Split(',')[0], CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#') && length is { } l)
            {
                list.Add(new Segment(folder + line, position, position + l));
                position += l;
                length = null;
            }
        }

        return [.. list];
    }

    /// <summary>Fetches, through one playback's signed base, the segments overlapping [from, to), one after another as a player does.</summary>
    private static async Task FetchAsync(HttpClient client, string signedBase, Segment[] segments, double from, double to, MediaStats stats)
    {
        foreach (var segment in segments)
        {
            if (segment.End <= from || segment.Start >= to)
            {
                continue;
            }

            try
            {
                using var response = await client.GetAsync(new Uri(signedBase + segment.Path, UriKind.Relative));
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref stats.Count);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref stats.Failures);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref stats.Failures);
            }
        }
    }

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

    private static async Task SendAsync(HttpClient client, string cookie, Guid playback, double start, int interval, Latencies latencies,
        ConcurrentDictionary<string, int> failures, Credit? credit)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // What the player's fetch sends: a JSON text with its length, not a chunked stream.
            var from = start;
            var body = Encoding.UTF8.GetBytes(
                string.Create(CultureInfo.InvariantCulture,
                    $$"""{"playbackId":"{{playback}}","visible":true,"segments":[{"from":{{from}},"to":{{from + interval}},"hidden":false}]}"""));
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/playback/heartbeat")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
            };
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return;
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            credit?.Add(CreditedSeconds(answer));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
        }
    }

    private static ReadOnlySpan<byte> CreditedKey => "\"creditedSeconds\":"u8;

    /// <summary>The answer's creditedSeconds, read without deserialising the whole answer.</summary>
    private static double CreditedSeconds(byte[] answer)
    {
        var at = answer.AsSpan().IndexOf(CreditedKey);
        if (at < 0)
        {
            return 0;
        }

        var rest = answer.AsSpan(at + CreditedKey.Length);
        var end = rest.IndexOfAny(",}"u8);
        return double.Parse(Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A published course with one hour-long lesson whose video is ready, written beside the province,
    /// and the video's HLS rendition in the server's media folder (see <see cref="PublishRendition"/>).
    /// </summary>
    private static async Task<int> EnsureLessonAsync(string data)
    {
        var database = new BenchDatabase(DatabaseProvider.Sqlite, data);
        using var host = database.CreateHost();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var existing = await db.Lessons.Where(l => l.Title == "压测讲座").Select(l => new { l.Id, l.MediaAssetId }).FirstOrDefaultAsync();
        if (existing is { MediaAssetId: { } existingAsset })
        {
            PublishRendition(data, existingAsset, 3600);
            return existing.Id;
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
        PublishRendition(data, asset, 3600);
        return course.Lessons[0].Id;
    }

    /// <summary>
    /// One rendition as the transcoder publishes it on local storage: {DataPath}/media/assets/{id:N}/master.m3u8
    /// naming v0/index.m3u8, a VOD playlist of 4 s segments, and the segments (one 188-byte TS packet each:
    /// the server reads a segment's media time from the playlist, not from the file).
    /// </summary>
    private static void PublishRendition(string data, Guid asset, double seconds)
    {
        var folder = Path.Combine(data, "media", "assets", asset.ToString("N"));
        if (File.Exists(Path.Combine(folder, "master.m3u8")))
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(folder, "v0"));
        var playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        var packet = new byte[188];
        packet[0] = 0x47;
        var index = 0;
        for (var start = 0.0; start < seconds; start += SegmentSeconds, index++)
        {
            var name = $"segment_{index:000}.ts";
            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{Math.Min(SegmentSeconds, seconds - start):0.000000},\n{name}\n");
            File.WriteAllBytes(Path.Combine(folder, "v0", name), packet);
        }

        playlist.Append("#EXT-X-ENDLIST\n");
        File.WriteAllText(Path.Combine(folder, "v0", "index.m3u8"), playlist.ToString());
        // The master playlist last: its presence is what marks the asset published.
        File.WriteAllText(Path.Combine(folder, "master.m3u8"),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=320x180\nv0/index.m3u8\n");
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
