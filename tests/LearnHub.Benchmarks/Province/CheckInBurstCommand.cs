using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.DataAccess;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Benchmarks.Province;

/// <summary>
/// <c>checkin-burst URL DATA_FOLDER [people=1500] [seconds=60] [postgres CONNECTION]</c>: a lecture-hall session that
/// began a few minutes ago, with <c>people</c> registered trainees, every one of whom scans the venue's QR code at a
/// random moment within <c>seconds</c> — the rush at the door that attendance plugins are known to buckle under. Each
/// trainee does what the phone does: opens the code's link (the confirmation page, with its antiforgery token), then
/// posts the check-in. The code is the venue screen's current one (computed with the server's check-in secret from
/// DATA_FOLDER, as every node does). Afterwards every trainee must have exactly one attendance row: none lost.
/// Then the bare insert: the same rows written straight into the attendance table of a second session, one
/// transaction each (as each check-in commits its own), on the same schedule, for the ratio.
/// The server must run on the same database: DATA_FOLDER's learnhub.db, or CONNECTION with <c>Database:Provider=Postgres</c>.
/// </summary>
internal static partial class CheckInBurstCommand
{
    public static async Task RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[0]);
        var data = Path.GetFullPath(args[1]);
        var people = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1500;
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
        var database = args.Length > 5 && args[4] == "postgres"
            ? new BenchDatabase(DatabaseProvider.Postgres, args[5])
            : new BenchDatabase(DatabaseProvider.Sqlite, data);
        Console.WriteLine($"check-in burst: {people:N0} trainees within {seconds} s, {database}");

        await BenchAccounts.EnsureAsync(database, people);
        var (burstSession, bareSession) = await CreateSessionsAsync(database, people);
        var secret = File.ReadAllText(Path.Combine(data, "checkin-secret.txt")).Trim();
        var codes = new CheckInCodes(Encoding.UTF8.GetBytes(secret), TimeProvider.System);
        var format = HttpCommand.TicketFormat(data);
        var cookies = Enumerable.Range(1, people)
            .Select(i => $"{HttpCommand.CookieName}={HttpCommand.Cookie(format, BenchAccounts.LearnerId(i), "Trainee", "learnhub:person", i)}").ToArray();

        // When each trainee reaches the door: uniform over the window, the same draw for both halves of the run.
        var random = new Random(20261203);
        var arrivals = Enumerable.Range(0, people).Select(_ => random.NextDouble() * seconds).ToArray();
        var busiest = arrivals.GroupBy(a => (int)a).Max(g => g.Count());
        Console.WriteLine($"arrivals: busiest second {busiest} trainees, {people / (double)seconds:0.0}/s on average");

        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        // One request first, so the burst does not measure the server's first compilation of the page.
        await WarmAsync(client, cookies[0], burstSession, codes);

        var page = new double[people];
        var post = new double[people];
        var whole = new double[people];
        var failures = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, people).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromSeconds(arrivals[i]) - clock.Elapsed is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var token = codes.Current(burstSession).Token;
                using var get = new HttpRequestMessage(HttpMethod.Get, $"/lecture-hall/sessions/{burstSession}/checkin?t={token}");
                get.Headers.Add("Cookie", cookies[i]);
                using var confirmation = await client.SendAsync(get);
                var html = await confirmation.Content.ReadAsStringAsync();
                page[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (confirmation.StatusCode != HttpStatusCode.OK)
                {
                    failures.AddOrUpdate($"page {(int)confirmation.StatusCode}", 1, (_, n) => n + 1);
                    return;
                }

                var antiforgery = confirmation.Headers.TryGetValues("Set-Cookie", out var set)
                    ? set.Select(c => c.Split(';')[0]).FirstOrDefault(c => c.StartsWith("learnhub.csrf=", StringComparison.Ordinal))
                    : null;
                var field = FormToken().Match(html);
                if (antiforgery is null || !field.Success)
                {
                    failures.AddOrUpdate("no antiforgery token", 1, (_, n) => n + 1);
                    return;
                }

                var posting = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/lecture-hall/sessions/{burstSession}/checkin")
                {
                    Content = new FormUrlEncodedContent([new("code", token), new("__RequestVerificationToken", WebUtility.HtmlDecode(field.Groups[1].Value))]),
                };
                request.Headers.Add("Cookie", $"{cookies[i]}; {antiforgery}");
                using var answer = await client.SendAsync(request);
                post[i] = Stopwatch.GetElapsedTime(posting).TotalMilliseconds;
                whole[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (answer.StatusCode != HttpStatusCode.Redirect)
                {
                    failures.AddOrUpdate($"check-in {(int)answer.StatusCode}", 1, (_, n) => n + 1);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }
        }));
        var burstTime = clock.Elapsed;

        var recorded = await CountAsync(database, burstSession);
        Console.WriteLine($"burst over in {burstTime.TotalSeconds:0.0} s; failures: {(failures.IsEmpty ? "none" : string.Join(", ", failures.Select(f => $"{f.Key} × {f.Value}")))}");
        Console.WriteLine($"attendance rows for the session: {recorded:N0} of {people:N0} ({(recorded == people ? "none lost" : $"{people - recorded:N0} LOST")})");
        Console.WriteLine($"confirmation page (GET):  {Summary(page)}");
        Console.WriteLine($"check-in (POST):          {Summary(post)}");
        Console.WriteLine($"scan to checked in:       {Summary(whole)}");

        var bare = await BareInsertsAsync(database, bareSession, people, arrivals, seconds);
        Console.WriteLine($"bare insert, same rows:   {Summary(bare)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio check-in POST ÷ bare insert: p50 {Percentile(post, 0.5) / Percentile(bare, 0.5):0.0}×, p99 {Percentile(post, 0.99) / Percentile(bare, 0.99):0.0}×"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    private static async Task WarmAsync(HttpClient client, string cookie, int session, CheckInCodes codes)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, $"/lecture-hall/sessions/{session}/checkin?t={codes.Current(session).Token}");
        get.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(get);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Two sessions of a fresh series, open for check-in now on the programme clock: one for the burst, one for the bare inserts.</summary>
    private static async Task<(int Burst, int Bare)> CreateSessionsAsync(BenchDatabase database, int people)
    {
        using var host = database.CreateHost();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var clock = new ProgrammeClock(TimeProvider.System);
        var now = clock.Now;
        var start = TimeOnly.FromDateTime(now.DateTime).AddMinutes(-5);
        var end = TimeOnly.FromDateTime(now.DateTime) < new TimeOnly(22, 0) ? start.AddHours(2) : new TimeOnly(23, 59);
        if (start > TimeOnly.FromDateTime(now.DateTime))
        {
            throw new InvalidOperationException("Run the burst after 00:05 China time: a session cannot start on the day before.");
        }

        var series = new LectureHallSeries { Title = $"签到压测 {now:yyyy-MM-dd HH:mm:ss}", Summary = "", Year = clock.Year };
        db.LectureHallSeries.Add(series);
        var sessions = new List<LectureHallSession>();
        for (var number = 1; number <= 2; number++)
        {
            var session = new LectureHallSession();
            session.Schedule(number, clock.Today, start, end, number == 1 ? "签到高峰" : "直接写入对照", null, null, "报告厅", false);
            session.SetAudience(people, Courses.Registry.People.Tier.None, Courses.Registry.Organizations.OrganizationField.None, []);
            series.Sessions.Add(session);
            sessions.Add(session);
        }

        await db.SaveChangesAsync();
        var registered = clock.UtcNow;
        db.SessionRegistrations.AddRange(Enumerable.Range(1, people).Select(p =>
            new SessionRegistration { SessionId = sessions[0].Id, PersonId = p, Status = RegistrationStatus.Registered, RequestedAt = registered }));
        await db.SaveChangesAsync();
        Console.WriteLine($"sessions {sessions[0].Id} (burst) and {sessions[1].Id} (bare inserts), {clock.Today:yyyy-MM-dd} {start:HH:mm}–{end:HH:mm} China time");
        return (sessions[0].Id, sessions[1].Id);
    }

    private static async Task<int> CountAsync(BenchDatabase database, int session)
    {
        await using var connection = database.Connection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"AttendanceRecords\" WHERE \"SessionId\" = {session} AND \"CheckedInAt\" IS NOT NULL";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The same rows written directly, on the same arrival schedule from a pool of connections: each an INSERT in
    /// its own transaction, which is all a check-in must durably do. What LearnHub adds on top of it — the request,
    /// the sign-in cookie, the code, the roster check, the page — is the ratio.
    /// </summary>
    private static async Task<double[]> BareInsertsAsync(BenchDatabase database, int session, int people, double[] arrivals, int seconds)
    {
        var times = new double[people];
        var at = DateTimeOffset.UtcNow;
        var sql = """
            INSERT INTO "AttendanceRecords" ("SessionId", "PersonId", "State", "CheckedInAt", "Note", "EverCredited")
            VALUES (@session, @person, 1, @at, '', FALSE)
            """;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, people).Select(async i =>
        {
            await Task.Delay(TimeSpan.FromSeconds(arrivals[i]) - clock.Elapsed is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
            var started = Stopwatch.GetTimestamp();
            await using var connection = database.Connection();
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            Add(command, "@session", session);
            Add(command, "@person", i + 1);
            Add(command, "@at", database.Provider == DatabaseProvider.Sqlite ? at.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) : at);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }));
        var written = await CountAsync(database, session);
        Console.WriteLine($"bare inserts over in {clock.Elapsed.TotalSeconds:0.0} s (window {seconds} s): {written:N0} rows");
        return times;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Where(v => v > 0).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(sorted.Length * p) - 1)];
    }

    private static string Summary(double[] values) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(values, 0.5):0.0} ms, p99 {Percentile(values, 0.99):0.0} ms, max {values.Max():0.0} ms");
}
