using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database LearnHub uses: SQLite in the data folder unless <c>Database:Provider</c> says
/// <c>Postgres</c>, in which case <c>ConnectionStrings:LearnHub</c> is required. Every module's
/// DbContext is configured from the same settings so they share one database.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public static DatabaseSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providerName = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider is '{providerName}'; use Sqlite or Postgres.");
        }

        var connectionString = configuration.GetConnectionString("LearnHub");
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:LearnHub is not set.");
            }

            return new DatabaseSettings(provider, connectionString);
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataPath = configuration["LearnHub:DataPath"] ?? "data";
            Directory.CreateDirectory(dataPath);
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataPath, "learnhub.db"),
                // Writers wait for each other instead of failing with SQLITE_BUSY.
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString();
        }

        return new DatabaseSettings(provider, connectionString);
    }

    /// <summary>Whether the container's settings choose PostgreSQL.</summary>
    public static bool UsesPostgres(IServiceProvider services) =>
        services.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres;

    /// <summary>Configures a context for this provider with its own migration-history table.</summary>
    public void Apply(DbContextOptionsBuilder options, string historyTable)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Provider == DatabaseProvider.Postgres)
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
        if (Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
