using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.DataAccess;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database LearnHub uses: SQLite in the data folder unless <c>Database:Provider</c> says
/// <c>Postgres</c>, in which case <c>ConnectionStrings:LearnHub</c> is required. Every module's
/// DbContext is configured from these options, so they all share one database.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary><c>ConnectionStrings:LearnHub</c>; for SQLite when it is not set, <c>learnhub.db</c> in the data folder.</summary>
    public string ConnectionString { get; set; } = "";

    public bool UsesPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The SQLite file in the data folder: writers wait for each other instead of failing with SQLITE_BUSY.</summary>
    public static string SqliteIn(string dataPath) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(dataPath, "learnhub.db"),
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    /// <summary>Configures a context for this provider with its own migration-history table.</summary>
    public void Apply(DbContextOptionsBuilder options, string historyTable)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (UsesPostgres)
        {
            options.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(historyTable));
        }
        else
        {
            options.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(historyTable));
        }
    }

    /// <summary>Prepares the database file before the first migration: WAL lets readers run beside a writer.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (UsesPostgres)
        {
            return;
        }

        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var onDisk = file.Length > 0 && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (onDisk && !File.Exists(file))
        {
            // SQLite gives its -wal, -shm and journal files the database file's mode, so an empty file made
            // owner-only before SQLite first opens it keeps all of them private from the start.
            try
            {
                using (new FileStream(file, PrivateFiles.CreateNew()))
                {
                }
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another node created it first.
            }
        }

        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (onDisk)
        {
            // A database from an older version, a restore or a copied template may be world-readable.
            foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
            {
                PrivateFiles.Restrict(file + suffix);
            }
        }
    }
}
