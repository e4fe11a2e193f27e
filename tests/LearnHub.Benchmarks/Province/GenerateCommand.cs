using System.Diagnostics;
using System.Globalization;
using LearnHub.Courses;
using LearnHub.Courses.Data;
using LearnHub.DataAccess;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace LearnHub.Benchmarks.Province;

/// <summary>
/// <c>generate sqlite DATA_FOLDER | postgres CONNECTION_STRING [organizations people entries]</c>: an
/// empty database migrated by LearnHub's own migrations, then the province written in bulk — one
/// prepared INSERT per table inside large transactions on SQLite, binary COPY on PostgreSQL — and
/// ANALYZE so the planner knows the table sizes.
/// </summary>
internal static class GenerateCommand
{
    public static async Task RunAsync(string[] args)
    {
        var database = BenchDatabase.Parse(args, 0);
        var data = new ProvinceData(
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000,
            args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 5_000_000);
        var total = Stopwatch.StartNew();
        await database.ResetAsync();
        using (var host = database.CreateHost())
        {
            await host.Services.MigrateCoursesAsync();
        }

        Console.WriteLine($"{database}: migrated in {total.Elapsed.TotalSeconds:0.0} s");
        var counts = database.Provider == DatabaseProvider.Sqlite ? await WriteSqliteAsync(database, data) : await WritePostgresAsync(database, data);
        Console.WriteLine($"generated {counts} in {total.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<string> WriteSqliteAsync(BenchDatabase database, ProvinceData data)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await ExecAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;");
        var step = Stopwatch.StartNew();
        var transaction = connection.BeginTransaction();
        await InsertAllAsync(connection, transaction, "INSERT INTO SupervisingUnits (Id, Code, Name) VALUES ($0, $1, $2)",
            ProvinceData.UnitRows().Select(u => new object?[] { u.Id, u.Code, u.Name }));
        await InsertAllAsync(connection, transaction,
            "INSERT INTO Organizations (Id, Name, CreditCode, Kind, Field, Grade, PartyForm, SupervisingUnitId) VALUES ($0, $1, $2, $3, $4, $5, $6, $7)",
            data.OrganizationRows().Select(o => new object?[] { o.Id, o.Name, o.CreditCode, (int)o.Kind, (int)o.Field, (int)o.Grade, (int)o.PartyForm, o.UnitId }));
        var positions = new List<object?[]>();
        await InsertAllAsync(connection, transaction, "INSERT INTO People (Id, Name, Gender, Mobile, OrganizationId, Tiers) VALUES ($0, $1, $2, $3, $4, $5)",
            data.PeopleRows().Select(x =>
            {
                positions.AddRange(x.Positions.Select(p => new object?[] { p.Id, p.PersonId, (int)p.Kind, p.AppointedOn, null }));
                var p = x.Person;
                return new object?[] { p.Id, p.Name, (int)p.Gender, p.Mobile, p.OrganizationId, (int)p.Tiers };
            }));
        await InsertAllAsync(connection, transaction, "INSERT INTO PersonPosition (Id, PersonId, Kind, AppointedOn, EndedOn) VALUES ($0, $1, $2, $3, $4)", positions);
        transaction.Commit();
        transaction.Dispose();
        Console.WriteLine($"  units, organizations, people, positions: {step.Elapsed.TotalSeconds:0.0} s");

        step.Restart();
        const int batch = 200_000;
        var written = 0L;
        transaction = connection.BeginTransaction();
        await using (var insert = Prepare(connection, transaction,
            "INSERT INTO LedgerEntries (Id, PersonId, Date, Hours, Source, Centralized, Reference, CreditKey, Note, RecordedBy, RecordedAt, ReversesEntryId) " +
            "VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, 'system', $9, $10)", 11))
        {
            foreach (var e in data.LedgerRows())
            {
                Bind(insert, e.Id, e.PersonId, e.Date, e.Hours, (int)e.Source, e.Centralized, e.Reference, e.CreditKey, e.Note, e.RecordedAt, e.ReversesEntryId);
                await insert.ExecuteNonQueryAsync();
                if (++written % batch == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                }
            }
        }

        transaction.Commit();
        transaction.Dispose();
        Console.WriteLine($"  ledger: {written:N0} lines in {step.Elapsed.TotalSeconds:0.0} s = {written / step.Elapsed.TotalSeconds:N0} lines/s");
        step.Restart();
        await ExecAsync(connection, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  analyze + checkpoint: {step.Elapsed.TotalSeconds:0.0} s; file {new FileInfo(database.SqliteFile).Length / 1024 / 1024} MB");
        return Counts(data, positions.Count, written);
    }

    private static async Task<string> WritePostgresAsync(BenchDatabase database, ProvinceData data)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var step = Stopwatch.StartNew();
        await CopyAsync(connection, "\"SupervisingUnits\" (\"Id\", \"Code\", \"Name\")", ProvinceData.UnitRows(), (w, u) =>
        {
            w.Write(u.Id);
            w.Write(u.Code);
            w.Write(u.Name);
        });
        await CopyAsync(connection, "\"Organizations\" (\"Id\", \"Name\", \"CreditCode\", \"Kind\", \"Field\", \"Grade\", \"PartyForm\", \"SupervisingUnitId\")",
            data.OrganizationRows(), (w, o) =>
            {
                w.Write(o.Id);
                w.Write(o.Name);
                w.Write(o.CreditCode);
                w.Write((int)o.Kind);
                w.Write((int)o.Field);
                w.Write((int)o.Grade);
                w.Write((int)o.PartyForm);
                w.Write(o.UnitId);
            });
        var positions = new List<PositionRow>();
        await CopyAsync(connection, "\"People\" (\"Id\", \"Name\", \"Gender\", \"Mobile\", \"OrganizationId\", \"Tiers\")", data.PeopleRows(), (w, x) =>
        {
            positions.AddRange(x.Positions);
            w.Write(x.Person.Id);
            w.Write(x.Person.Name);
            w.Write((int)x.Person.Gender);
            w.Write(x.Person.Mobile);
            w.Write(x.Person.OrganizationId);
            w.Write((int)x.Person.Tiers);
        });
        await CopyAsync(connection, "\"PersonPosition\" (\"Id\", \"PersonId\", \"Kind\", \"AppointedOn\")", positions, (w, p) =>
        {
            w.Write(p.Id);
            w.Write(p.PersonId);
            w.Write((int)p.Kind);
            w.Write(p.AppointedOn, NpgsqlDbType.Date);
        });
        Console.WriteLine($"  units, organizations, people, positions: {step.Elapsed.TotalSeconds:0.0} s");

        step.Restart();
        var written = await CopyAsync(connection,
            "\"LedgerEntries\" (\"Id\", \"PersonId\", \"Date\", \"Hours\", \"Source\", \"Centralized\", \"Reference\", \"CreditKey\", \"Note\", \"RecordedBy\", \"RecordedAt\", \"ReversesEntryId\")",
            data.LedgerRows(), (w, e) =>
            {
                w.Write(e.Id);
                w.Write(e.PersonId);
                w.Write(e.Date, NpgsqlDbType.Date);
                w.Write(e.Hours);
                w.Write((int)e.Source);
                w.Write(e.Centralized);
                w.Write(e.Reference);
                if (e.CreditKey is null) w.WriteNull(); else w.Write(e.CreditKey);
                w.Write(e.Note);
                w.Write("system");
                w.Write(e.RecordedAt, NpgsqlDbType.TimestampTz);
                if (e.ReversesEntryId is { } r) w.Write(r); else w.WriteNull();
            });
        Console.WriteLine($"  ledger: {written:N0} lines in {step.Elapsed.TotalSeconds:0.0} s = {written / step.Elapsed.TotalSeconds:N0} lines/s");

        step.Restart();
        // Ids were given explicitly, so the identity sequences must move past them.
        foreach (var table in new[] { "SupervisingUnits", "Organizations", "People", "PersonPosition", "LedgerEntries" })
        {
            await using var sequence = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT max(\"Id\") FROM \"{table}\"))", connection);
            await sequence.ExecuteNonQueryAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 600 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"  sequences + analyze: {step.Elapsed.TotalSeconds:0.0} s");
        return Counts(data, positions.Count, written);
    }

    private static string Counts(ProvinceData data, int positions, long entries) =>
        $"{ProvinceData.Units} units, {data.Organizations:N0} organizations, {data.People:N0} people, {positions:N0} positions, {entries:N0} ledger lines";

    private static async Task<long> CopyAsync<T>(NpgsqlConnection connection, string target, IEnumerable<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)");
        importer.Timeout = TimeSpan.FromMinutes(30);
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            write(importer, row);
        }

        return (long)await importer.CompleteAsync();
    }

    private static async Task InsertAllAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, IEnumerable<object?[]> rows)
    {
        SqliteCommand? insert = null;
        try
        {
            foreach (var row in rows)
            {
                insert ??= Prepare(connection, transaction, sql, row.Length);
                Bind(insert, row);
                await insert.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            if (insert is not null)
            {
                await insert.DisposeAsync();
            }
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }
}
