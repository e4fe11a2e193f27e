using System.Globalization;
using LearnHub.Courses;
using LearnHub.Courses.Data;
using LearnHub.DataAccess;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LearnHub.Benchmarks.Province;

/// <summary>
/// Where a benchmark's province lives: <c>sqlite DATA_FOLDER</c> (the file LearnHub itself would open,
/// DATA_FOLDER/learnhub.db) or <c>postgres CONNECTION_STRING</c>.
/// </summary>
internal sealed record BenchDatabase(DatabaseProvider Provider, string Target)
{
    public static BenchDatabase Parse(string[] args, int at)
    {
        if (args.Length < at + 2)
        {
            throw new ArgumentException("expected: sqlite DATA_FOLDER | postgres CONNECTION_STRING");
        }

        return args[at] switch
        {
            "sqlite" => new BenchDatabase(DatabaseProvider.Sqlite, Path.GetFullPath(args[at + 1])),
            "postgres" => new BenchDatabase(DatabaseProvider.Postgres, args[at + 1]),
            _ => throw new ArgumentException($"unknown database '{args[at]}'; use sqlite or postgres"),
        };
    }

    /// <summary>A connection of its own to the database, not yet open.</summary>
    public System.Data.Common.DbConnection Connection() => Provider == DatabaseProvider.Sqlite
        ? new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString)
        : new NpgsqlConnection(ConnectionString);

    public string SqliteFile => Path.Combine(Target, "learnhub.db");

    public string ConnectionString => Provider == DatabaseProvider.Sqlite
        ? $"Data Source={SqliteFile};Default Timeout=30"
        : Target;

    public override string ToString() => Provider == DatabaseProvider.Sqlite ? $"SQLite {SqliteFile}" : "PostgreSQL " + new NpgsqlConnectionStringBuilder(Target) { Password = null };

    /// <summary>A host with the Courses module on this database, as LearnHub configures it.</summary>
    public IHost CreateHost(TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        if (Provider == DatabaseProvider.Sqlite)
        {
            builder.Configuration["LearnHub:DataPath"] = Target;
        }
        else
        {
            builder.Configuration["Database:Provider"] = "Postgres";
            builder.Configuration["ConnectionStrings:LearnHub"] = Target;
        }

        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.AddCoursesModule();
        return builder.Build();
    }

    /// <summary>Removes what an earlier run left: the SQLite file, or every table in the PostgreSQL database.</summary>
    public async Task ResetAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.CreateDirectory(Target);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(SqliteFile + suffix);
            }

            return;
        }

        await using var connection = new NpgsqlConnection(Target);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand("DROP SCHEMA public CASCADE; CREATE SCHEMA public;", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
