using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.DataAccess;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearnHub.Benchmarks.Province;

/// <summary>
/// <c>compliance sqlite DATA_FOLDER | postgres CONNECTION [runs=5] [year=2026]</c> on a generated
/// province. Alternates, run by run, the province-wide report through <see cref="ComplianceQueries"/>
/// (what the supervisors' dashboard and the API call, on an administrator's scope) with one
/// hand-written SQL aggregate of the same year over the same tables, read to the last row; then
/// times one person's ledger (<see cref="ComplianceQueries.PersonAsync"/>, the drill-down page's
/// query) for 200 people.
/// </summary>
internal static class ComplianceCommand
{
    public static async Task RunAsync(string[] args)
    {
        var database = BenchDatabase.Parse(args, 0);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var year = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : ProvinceData.Today.Year;
        using var host = database.CreateHost(new FixedClock(ProvinceData.Today));
        Console.WriteLine($"{database}, year {year}, {runs} runs");

        // Warm both paths once (JIT, EF model, page cache) before timing; 0 runs times only the unit and the person.
        var people = runs == 0 ? new Summary(0, 0, 0) : await ReportAsync(host.Services, year, null);
        var aggregated = runs == 0 ? 0 : await HandWrittenAsync(database, year);
        Console.WriteLine($"report: {people.People:N0} people ({people.Bound:N0} bound by a rule, {people.Compliant:N0} compliant); hand-written SQL: {aggregated:N0} rows");

        var report = new List<double>();
        var sql = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            await ReportAsync(host.Services, year, null);
            report.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await HandWrittenAsync(database, year);
            sql.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Console.WriteLine($"  run {run + 1}: ComplianceQueries {report[^1]:0} ms, hand-written SQL {sql[^1]:0} ms, ratio {report[^1] / sql[^1]:0.00}");
        }

        var ratios = report.Zip(sql, (r, s) => r / s).ToList();
        Console.WriteLine($"province report: median {Median(report):0} ms vs hand-written SQL median {Median(sql):0} ms; ratio of medians {Median(report) / Median(sql):0.00}, median ratio {Median(ratios):0.00}");

        var unit = new List<double>();
        var unitSql = new List<double>();
        for (var run = 0; run < Math.Max(runs, 5); run++)
        {
            var started = Stopwatch.GetTimestamp();
            await ReportAsync(host.Services, year, 1);
            unit.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            started = Stopwatch.GetTimestamp();
            await HandWrittenAsync(database, year, 1);
            unitSql.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"one unit of {ProvinceData.BenchmarkUnitOrganizations} organizations, in process: median {Median(unit):0} ms vs hand-written SQL {Median(unitSql):0} ms (ratio {Median(unit) / Median(unitSql):0.00})");

        var random = new Random(7);
        var ledger = new List<double>();
        for (var i = 0; i < 220; i++)
        {
            var personId = random.Next(1, 100_001);
            await using var scope = host.Services.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<ComplianceQueries>();
            var started = Stopwatch.GetTimestamp();
            var hours = await queries.PersonAsync(personId, year);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (hours is null)
            {
                throw new InvalidOperationException($"person {personId} not found");
            }

            if (i >= 20)
            {
                ledger.Add(elapsed);
            }
        }

        ledger.Sort();
        Console.WriteLine($"one person's ledger (PersonAsync), 200 people: p50 {Median(ledger):0.0} ms, p95 {ledger[(int)(ledger.Count * 0.95)]:0.0} ms, max {ledger[^1]:0.0} ms");
    }

    private sealed record Summary(int People, int Bound, int Compliant);

    private static async Task<Summary> ReportAsync(IServiceProvider services, int year, int? unitId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var queries = scope.ServiceProvider.GetRequiredService<ComplianceQueries>();
        IQueryable<Person> visible = db.People;
        if (unitId is { } u)
        {
            visible = visible.Where(p => p.Organization!.SupervisingUnitId == u);
        }

        var report = await queries.ReportAsync(visible, new ComplianceFilter(), year);
        return new Summary(report.People.Count, report.Bound, report.Compliant);
    }

    /// <summary>
    /// The baseline: everything the report is computed from, in one statement, every row read: each
    /// person with their organization and tiers, and their year's hours and net centralized trainings
    /// per month, source and centralized flag.
    /// </summary>
    private static async Task<int> HandWrittenAsync(BenchDatabase database, int year, int? unitId = null)
    {
        var from = new DateOnly(year, 1, 1);
        var to = from.AddYears(1);
        // SQLite keeps dates as 'yyyy-MM-dd' text, PostgreSQL as date.
        var month = database.Provider == DatabaseProvider.Sqlite ? "CAST(substr(e.\"Date\", 6, 2) AS INTEGER)" : "EXTRACT(MONTH FROM e.\"Date\")::int";
        var sql = $"""
            SELECT p."Id", p."Name", p."OrganizationId", o."Name", p."Tiers", {month}, e."Source", e."Centralized",
                   SUM(e."Hours"),
                   SUM(CASE WHEN e."ReversesEntryId" IS NULL THEN (CASE WHEN e."Hours" > 0 THEN 1 ELSE 0 END)
                            ELSE (CASE WHEN e."Hours" < 0 THEN -1 ELSE 0 END) END)
            FROM "People" p
            JOIN "Organizations" o ON o."Id" = p."OrganizationId"
            JOIN "LedgerEntries" e ON e."PersonId" = p."Id"
            WHERE e."Date" >= @from AND e."Date" < @to {(unitId is null ? "" : "AND o.\"SupervisingUnitId\" = " + unitId.Value.ToString(CultureInfo.InvariantCulture))}
            GROUP BY p."Id", p."Name", p."OrganizationId", o."Name", p."Tiers", {month}, e."Source", e."Centralized"
            """;
        await using DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        AddParameter(command, "@from", from);
        AddParameter(command, "@to", to);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        var check = 0d;
        while (await reader.ReadAsync())
        {
            rows++;
            check += reader.GetInt32(0) + reader.GetString(1).Length + reader.GetInt32(2) + reader.GetString(3).Length + reader.GetInt32(4)
                + reader.GetInt32(5) + reader.GetInt32(6) + (reader.GetBoolean(7) ? 1 : 0) + reader.GetDouble(8) + reader.GetInt64(9);
        }

        return check > 0 ? rows : 0;
    }

    private static void AddParameter(DbCommand command, string name, DateOnly value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}

/// <summary>A clock standing on one day, so "today" in the report is the day the province was generated for.</summary>
internal sealed class FixedClock(DateOnly today) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
