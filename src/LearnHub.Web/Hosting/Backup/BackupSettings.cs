using LearnHub.DataAccess;
using Microsoft.Data.Sqlite;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// What backup and restore read from the service's configuration (appsettings, environment): the data folder, the
/// database and where media live. Read before any host is built, so neither command creates a file or a table.
/// </summary>
internal sealed class BackupSettings
{
    /// <summary>Settings that, when set, hold a key the data folder would otherwise hold: a backup cannot contain them.</summary>
    private static readonly string[] ConfiguredKeys =
        ["Media:UrlSigningKey", "LearnHub:CheckIn:Secret", "LearnHub:Accounts:CodeKey", "LearnHub:Certificates:SigningKey"];

    public required string DataPath { get; init; }

    public required DatabaseProvider Provider { get; init; }

    public required string ConnectionString { get; init; }

    /// <summary>The SQLite database file (absolute), or null on PostgreSQL.</summary>
    public string? SqliteFile { get; init; }

    public bool MediaOnS3 { get; init; }

    public string S3Bucket { get; init; } = "";

    public string S3Prefix { get; init; } = "";

    /// <summary>The whole <c>Media:S3</c> section: how to reach the bucket whose objects the backup copies.</summary>
    public LearnHub.Media.Storage.S3BucketOptions S3 { get; init; } = new();

    /// <summary><c>Backup:PostgresToolsFolder</c>: where pg_dump and pg_restore are; PATH when empty.</summary>
    public string PostgresToolsFolder { get; init; } = "";

    /// <summary>The names of <see cref="ConfiguredKeys"/> that are set.</summary>
    public IReadOnlyList<string> KeysInConfiguration { get; init; } = [];

    public static BackupSettings Read(IConfiguration configuration)
    {
        var dataPath = HostSetup.DataPath(configuration);
        if (!Enum.TryParse<DatabaseProvider>(configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true, out var provider))
        {
            throw new BackupException($"Database:Provider is '{configuration["Database:Provider"]}': Sqlite or Postgres.");
        }

        var connectionString = configuration.GetConnectionString("LearnHub") ?? "";
        string? sqliteFile = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                connectionString = DatabaseOptions.SqliteIn(dataPath);
            }

            var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupException($"The SQLite database '{source}' is not a file on disk: there is nothing to back up or restore.");
            }

            sqliteFile = Path.GetFullPath(source);
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new BackupException("Database:Provider is Postgres but ConnectionStrings:LearnHub is not set.");
        }

        return new BackupSettings
        {
            DataPath = dataPath,
            Provider = provider,
            ConnectionString = connectionString,
            SqliteFile = sqliteFile,
            MediaOnS3 = string.Equals(configuration["Media:Storage"], "S3", StringComparison.OrdinalIgnoreCase),
            S3Bucket = configuration["Media:S3:Bucket"] ?? "",
            S3Prefix = configuration["Media:S3:Prefix"] ?? "",
            S3 = configuration.GetSection("Media:S3").Get<LearnHub.Media.Storage.S3BucketOptions>() ?? new(),
            PostgresToolsFolder = configuration["Backup:PostgresToolsFolder"] ?? "",
            KeysInConfiguration = ConfiguredKeys.Where(k => !string.IsNullOrWhiteSpace(configuration[k])).ToList(),
        };
    }

    /// <summary>Whether <paramref name="path"/> is the data folder or inside it.</summary>
    public bool IsInDataFolder(string path) => IsWithin(Path.GetFullPath(path), DataPath);

    public static bool IsWithin(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && !Path.IsPathRooted(relative));
    }
}

/// <summary>A refusal or failure the operator can act on: its message is printed as it is, without a stack trace.</summary>
internal sealed class BackupException : Exception
{
    public BackupException()
    {
    }

    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
