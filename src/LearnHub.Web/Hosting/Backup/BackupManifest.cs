using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearnHub.DataAccess;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// <c>manifest.json</c>, written last into a backup folder: which LearnHub made it, when, on which database and
/// migrations, and every file with its size, SHA-256 and mode, so a restore checks the whole backup before it writes.
/// </summary>
internal sealed class BackupManifest
{
    public const string FileName = "manifest.json";

    /// <summary>2: the media bucket's objects may be in the backup (<see cref="BucketFolder"/>); format 1 is read as well.</summary>
    public const int CurrentFormat = 2;

    /// <summary>The SQLite database's copy (the online backup API's snapshot, one self-contained file).</summary>
    public const string SqliteDatabase = "database/learnhub.db";

    /// <summary>The PostgreSQL database's copy: pg_dump's custom format, read by pg_restore.</summary>
    public const string PostgresDatabase = "database/learnhub.dump";

    /// <summary>Everything of the data folder but the database lies under this folder of the backup.</summary>
    public const string DataFolder = "data";

    /// <summary>The objects of the media bucket (Media:Storage=S3), by their keys under LearnHub's prefix.</summary>
    public const string BucketFolder = "bucket";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // A file for people to read: "1.0.0+abc", not "1.0.0\u002Babc" (it is never put into a page).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Format { get; set; } = CurrentFormat;

    public string LearnHubVersion { get; set; } = "";

    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary><see cref="DatabaseProvider"/>'s name: Sqlite or Postgres.</summary>
    public string Provider { get; set; } = "";

    /// <summary>Each module's migration-history table and the last migration applied to the backed-up database.</summary>
    public Dictionary<string, string> Migrations { get; set; } = [];

    public BackupMedia Media { get; set; } = new();

    /// <summary>What a restore needs that is not in this backup (keys set in configuration, the configuration itself), one line each.</summary>
    public List<string> NotInBackup { get; set; } = [];

    public List<BackupFolder> Folders { get; set; } = [];

    public List<BackupFile> Files { get; set; } = [];

    public DatabaseProvider DatabaseProvider => Enum.Parse<DatabaseProvider>(Provider, ignoreCase: true);

    public string DatabaseFile => DatabaseProvider == DatabaseProvider.Postgres ? PostgresDatabase : SqliteDatabase;

    public long TotalBytes => Files.Sum(f => f.Bytes);

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        await using var stream = new FileStream(path, PrivateFiles.CreateNew());
        await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads and checks the manifest of the backup in <paramref name="folder"/>: its format, provider and paths.</summary>
    public static BackupManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!Directory.Exists(folder))
        {
            throw new BackupException($"{folder} does not exist.");
        }

        if (!File.Exists(path))
        {
            throw new BackupException($"{folder} holds no {FileName}: it is not a LearnHub backup, or a backup that did not finish.");
        }

        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new BackupException($"{path} is not a readable manifest ({e.Message}).", e);
        }

        if (manifest is null)
        {
            throw new BackupException($"{path} is empty.");
        }

        manifest.Check();
        return manifest;
    }

    private void Check()
    {
        if (Format is < 1 or > CurrentFormat)
        {
            throw new BackupException(Format > CurrentFormat
                ? $"The backup's manifest is format {Format}, made by a newer LearnHub ({LearnHubVersion}); this one reads format {CurrentFormat}."
                : $"The backup's manifest names no known format ({Format}).");
        }

        if (!Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out _))
        {
            throw new BackupException($"The manifest names an unknown database provider '{Provider}'.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Files)
        {
            if (!IsSafe(file.Path, allowRoot: false) || !seen.Add(file.Path) || file.Bytes < 0
                || file.Sha256.Length != 64 || !file.Sha256.All(Uri.IsHexDigit) || ParseMode(file.Mode) is null)
            {
                throw new BackupException($"The manifest's entry for '{file.Path}' is not valid: the manifest was changed or damaged.");
            }
        }

        foreach (var folder in Folders)
        {
            if (!IsSafe(folder.Path, allowRoot: true) || !folder.Path.StartsWith(DataFolder, StringComparison.Ordinal) || ParseMode(folder.Mode) is null)
            {
                throw new BackupException($"The manifest's folder '{folder.Path}' is not valid: the manifest was changed or damaged.");
            }
        }

        if (!seen.Contains(DatabaseFile))
        {
            throw new BackupException($"The manifest lists no {DatabaseFile}: the backup holds no {Provider} database.");
        }
    }

    /// <summary>
    /// A path the restore may write: relative, '/'-separated, under data/ (or the database's file), with no empty,
    /// "." or ".." segment. A changed manifest must not be able to write outside the data folder.
    /// </summary>
    private static bool IsSafe(string path, bool allowRoot)
    {
        if (string.IsNullOrEmpty(path) || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        if (path is SqliteDatabase or PostgresDatabase || (allowRoot && path == DataFolder))
        {
            return true;
        }

        var segments = path.Split('/');
        return segments.Length >= 2 && segments[0] is DataFolder or BucketFolder && segments.All(s => s.Length > 0 && s != "." && s != "..");
    }

    /// <summary>Whether an object's key (relative to LearnHub's prefix) can be kept as a file under bucket/ and put back.</summary>
    public static bool IsSafeKey(string key) => IsSafe(BucketFolder + "/" + key, allowRoot: false);

    /// <summary>Whether a backup path is one of the bucket's objects (restored into the bucket, not the data folder).</summary>
    public static bool IsBucketObject(string path) => path.StartsWith(BucketFolder + "/", StringComparison.Ordinal);

    /// <summary>"0640" → the permission bits; null when it is not an octal mode of at most 0777.</summary>
    public static UnixFileMode? ParseMode(string? mode)
    {
        if (mode is null || mode.Length is < 1 or > 4 || !mode.All(c => c is >= '0' and <= '7'))
        {
            return null;
        }

        var value = Convert.ToInt32(mode, 8);
        return value <= 0x1FF ? (UnixFileMode)value : null;
    }

    public static string FormatMode(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');

    /// <summary>"12.3 MiB": sizes as the operator reads them.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}

/// <summary>Where media lived when the backup was made, and whether the backup holds them.</summary>
internal sealed class BackupMedia
{
    /// <summary>Local or S3 (Media:Storage).</summary>
    public string Storage { get; set; } = "Local";

    public bool InBackup { get; set; } = true;

    public string? Bucket { get; set; }

    public string? Prefix { get; set; }

    /// <summary>How many of the bucket's objects the backup holds (under <see cref="BackupManifest.BucketFolder"/>), when it holds them.</summary>
    public int? Objects { get; set; }

    /// <summary>Their bytes together.</summary>
    public long? Bytes { get; set; }

    public string? Note { get; set; }
}

internal sealed class BackupFolder
{
    public string Path { get; set; } = "";

    /// <summary>The folder's mode in the data folder, octal ("0700").</summary>
    public string Mode { get; set; } = "";
}

internal sealed class BackupFile
{
    /// <summary>'/'-separated, relative to the backup folder: database/… or data/….</summary>
    public string Path { get; set; } = "";

    public long Bytes { get; set; }

    /// <summary>Lower-case hex.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The file's mode in the data folder, octal ("0600" for keys and the database).</summary>
    public string Mode { get; set; } = "";
}
