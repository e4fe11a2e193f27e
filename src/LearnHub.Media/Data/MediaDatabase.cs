using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace LearnHub.Media.Data;

internal enum MediaDatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Reads the same keys as the Courses module ("Database:Provider", "ConnectionStrings:LearnHub",
/// "LearnHub:DataPath") so both modules share one database without Media referencing Courses.
/// </summary>
internal sealed record MediaDatabase(MediaDatabaseProvider Provider, string ConnectionString)
{
    public const string HistoryTable = "__media_migrations";

    public static MediaDatabase From(IConfiguration configuration)
    {
        var providerName = configuration["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<MediaDatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider is '{providerName}'; use Sqlite or Postgres.");
        }

        var connectionString = configuration.GetConnectionString("LearnHub");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == MediaDatabaseProvider.Postgres)
            {
                throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:LearnHub is not set.");
            }

            var dataPath = configuration["LearnHub:DataPath"] ?? "data";
            Directory.CreateDirectory(dataPath);
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dataPath, "learnhub.db"),
                DefaultTimeout = 30,
                Pooling = true,
            }.ToString();
        }

        return new MediaDatabase(provider, connectionString);
    }

    public void Apply(DbContextOptionsBuilder options)
    {
        if (Provider == MediaDatabaseProvider.Postgres)
        {
            options.UseNpgsql(ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
        }
        else
        {
            options.UseSqlite(ConnectionString, o => o.MigrationsHistoryTable(HistoryTable));
        }
    }
}
