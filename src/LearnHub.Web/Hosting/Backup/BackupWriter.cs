using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using LearnHub.DataAccess;
using Microsoft.Data.Sqlite;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// <c>backup --to DIR</c>: the database first (SQLite's online backup API, a consistent snapshot taken beside the
/// running server's writers; PostgreSQL's pg_dump, one transaction's snapshot), then the rest of the data folder
/// (keys, secrets, media, attachments, photos, recordings), then, with media on S3, the bucket's objects under
/// LearnHub's prefix, then the manifest. Everything is written into a
/// sibling folder <c>DIR.partial-…</c> that becomes DIR only when complete, so DIR is either a whole backup or absent.
/// </summary>
internal static class BackupWriter
{
    /// <summary>Folders of the data folder whose contents are scratch, rewritten every second or pruned: not worth a backup.</summary>
    internal static bool IsScratch(string relativePath)
    {
        var segments = relativePath.Split('/');
        return relativePath == "media/work"
            // The live HLS of a broadcast under way: one-second segments, gone a minute later. The recording parts beside it stay.
            || (segments.Length == 3 && segments[0] == "live" && segments[2] == "hls")
            // What a restore that was cut short (power loss) left; a new ServerKeys file being written.
            || (segments.Length == 1 && (relativePath.StartsWith(BackupRestorer.StagingPrefix, StringComparison.Ordinal)
                || relativePath.StartsWith(BackupRestorer.DisplacedPrefix, StringComparison.Ordinal)))
            || (segments[0] == "keys" && relativePath.EndsWith(".tmp", StringComparison.Ordinal));
    }

    public static string Version =>
        typeof(BackupWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static async Task<int> RunAsync(BackupSettings settings, string to, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(to));
        CheckTarget(settings, target);
        var staging = target + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        FileTree.CreateFolder(staging, PrivateFiles.FolderMode);
        try
        {
            var manifest = new BackupManifest
            {
                LearnHubVersion = Version,
                CreatedUtc = DateTimeOffset.UtcNow,
                Provider = settings.Provider.ToString(),
            };
            await BackUpDatabaseAsync(settings, staging, manifest, cancellationToken);
            var skipped = await BackUpDataFolderAsync(settings, staging, manifest, cancellationToken);
            if (settings.MediaOnS3)
            {
                skipped += await BackUpBucketAsync(settings, staging, manifest, cancellationToken);
            }

            DescribeWhatIsNotIn(settings, manifest);
            await manifest.WriteAsync(staging, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();

            if (Directory.Exists(target))
            {
                // Checked empty above: a folder the operator made for this backup.
                Directory.Delete(target);
            }

            Directory.Move(staging, target);
            var database = manifest.Files.Single(f => f.Path == manifest.DatabaseFile);
            var data = manifest.Files.Where(f => f.Path != manifest.DatabaseFile && !BackupManifest.IsBucketObject(f.Path)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Backup complete: {target} ({(settings.Provider == DatabaseProvider.Postgres ? "PostgreSQL dump" : "SQLite database")} " +
                $"{BackupManifest.Size(database.Bytes)}, {data.Count} files {BackupManifest.Size(data.Sum(f => f.Bytes))} of the data folder with its keys" +
                $"{(settings.MediaOnS3 ? $", {manifest.Media.Objects} objects {BackupManifest.Size(manifest.Media.Bytes ?? 0)} of the S3 bucket" : "")}" +
                $"{(skipped > 0 ? $", {skipped} files deleted while copying left out" : "")}) " +
                $"in {clock.Elapsed.TotalSeconds:0.0} s."));
            return 0;
        }
        catch
        {
            FileTree.DeleteQuietly(staging);
            throw;
        }
    }

    private static void CheckTarget(BackupSettings settings, string target)
    {
        if (!Directory.Exists(settings.DataPath))
        {
            throw new BackupException($"The data folder {settings.DataPath} does not exist: set LEARNHUB_DATA (or LearnHub:DataPath) as the service has it.");
        }

        if (settings.SqliteFile is { } database && !File.Exists(database))
        {
            throw new BackupException($"There is no database at {database}: is LEARNHUB_DATA (or LearnHub:DataPath) the service's data folder?");
        }

        if (settings.IsInDataFolder(target))
        {
            throw new BackupException($"{target} is inside the data folder {settings.DataPath}: keep backups outside it (another disk, better another machine).");
        }

        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new BackupException($"{target} already exists and is not empty: give each backup a folder of its own " +
                "(e.g. --to /var/backups/learnhub/$(date +%Y%m%d-%H%M)).");
        }
    }

    private static async Task BackUpDatabaseAsync(BackupSettings settings, string staging, BackupManifest manifest, CancellationToken cancellationToken)
    {
        FileTree.CreateFolder(Path.Combine(staging, "database"), PrivateFiles.FolderMode);
        var file = Path.Combine(staging, manifest.DatabaseFile);
        if (settings.SqliteFile is { } sqlite)
        {
            Console.WriteLine($"Database: online backup of {sqlite} …");
            manifest.Migrations = await BackUpSqliteAsync(sqlite, file, cancellationToken);
            CheckMigrated(manifest);
        }
        else
        {
            var tools = new PostgresTools(settings);
            Console.WriteLine($"Database: pg_dump of PostgreSQL database {tools.Database} …");
            manifest.Migrations = await tools.MigrationsAsync(KnownMigrations.HistoryTables, cancellationToken);
            CheckMigrated(manifest);
            await tools.DumpAsync(file, cancellationToken);
            FileTree.SetMode(file, PrivateFiles.FileMode);
        }

        var (bytes, sha256) = await FileTree.HashAsync(file, null, cancellationToken);
        manifest.Files.Add(new BackupFile { Path = manifest.DatabaseFile, Bytes = bytes, Sha256 = sha256, Mode = BackupManifest.FormatMode(PrivateFiles.FileMode) });
        Console.WriteLine($"Database: {BackupManifest.Size(bytes)}, migrations {string.Join(", ", manifest.Migrations.Values.Order(StringComparer.Ordinal))}.");
    }

    private static void CheckMigrated(BackupManifest manifest)
    {
        var missing = KnownMigrations.HistoryTables.Where(t => !manifest.Migrations.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new BackupException($"The database has no {string.Join(", ", missing)}: LearnHub has not started on it yet, or it is not LearnHub's database.");
        }
    }

    /// <summary>
    /// The online backup API copies the database page by page inside one read transaction: in WAL mode the server's
    /// writers go on meanwhile and the copy is the database as of the moment the copy began. The copy is then made
    /// one self-contained file (no -wal beside it) and checked.
    /// </summary>
    private static async Task<Dictionary<string, string>> BackUpSqliteAsync(string source, string target, CancellationToken cancellationToken)
    {
        // Owner-only before SQLite first opens it (it holds every person's record).
        await using (new FileStream(target, PrivateFiles.CreateNew()))
        {
        }

        // ReadWrite, not ReadWriteCreate: a wrong path must not leave an empty database behind.
        await using var from = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await from.OpenAsync(cancellationToken);
        await copy.OpenAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                from.BackupDatabase(copy);
                break;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 && attempt < 30)
            {
                // SQLITE_BUSY / SQLITE_LOCKED: a checkpoint or a recovery holds the file for a moment.
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        await ScalarAsync(copy, "PRAGMA journal_mode=DELETE;", cancellationToken);
        var check = await ScalarAsync(copy, "PRAGMA quick_check;", cancellationToken);
        if (!string.Equals(check as string, "ok", StringComparison.Ordinal))
        {
            throw new BackupException($"The copy of the database fails SQLite's integrity check ({check}). The database itself may be damaged: " +
                $"stop LearnHub and run sqlite3 {source} 'PRAGMA integrity_check;'.");
        }

        var migrations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in KnownMigrations.HistoryTables)
        {
            try
            {
                if (await ScalarAsync(copy, $"SELECT max(\"MigrationId\") FROM \"{table}\";", cancellationToken) is string id)
                {
                    migrations[table] = id;
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1)
            {
                // No such table: reported by CheckMigrated.
            }
        }

        return migrations;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Copies the data folder but the database and scratch into data/; returns how many files vanished before they were copied.</summary>
    private static async Task<int> BackUpDataFolderAsync(BackupSettings settings, string staging, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var databaseFiles = DatabaseFilesInDataFolder(settings);
        var (folders, files) = FileTree.Walk(settings.DataPath, path => databaseFiles.Contains(path) || IsScratch(path));
        var root = Path.Combine(staging, BackupManifest.DataFolder);
        FileTree.CreateFolder(root, PrivateFiles.FolderMode);
        manifest.Folders.Add(new BackupFolder { Path = BackupManifest.DataFolder, Mode = BackupManifest.FormatMode(FileTree.ModeOf(settings.DataPath)) });
        foreach (var folder in folders)
        {
            FileTree.CreateFolder(Path.Combine(root, folder.RelativePath), PrivateFiles.FolderMode);
            manifest.Folders.Add(new BackupFolder { Path = BackupManifest.DataFolder + "/" + folder.RelativePath, Mode = BackupManifest.FormatMode(folder.Mode) });
        }

        var totalBytes = files.Sum(f => f.Bytes);
        Console.WriteLine($"Data folder: copying {files.Count} files, {BackupManifest.Size(totalBytes)}, from {settings.DataPath} …");
        var progress = new Progress("data folder", files.Count, totalBytes);
        var skipped = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var copy = Path.Combine(root, file.RelativePath);
            try
            {
                var (bytes, sha256) = await FileTree.CopyAsync(file.FullPath, copy, progress, cancellationToken);
                manifest.Files.Add(new BackupFile
                {
                    Path = BackupManifest.DataFolder + "/" + file.RelativePath,
                    Bytes = bytes,
                    Sha256 = sha256,
                    Mode = BackupManifest.FormatMode(file.Mode),
                });
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Deleted since the walk (an expired upload, a pruned file): it would not have been restored a moment later either.
                File.Delete(copy);
                skipped++;
            }

            progress.FileDone();
        }

        return skipped;
    }

    /// <summary>
    /// Copies every object under LearnHub's prefix of the media bucket into bucket/, each streamed from the network
    /// into its file and hashed on the way (never held in memory whole); returns how many vanished before they were read.
    /// Objects written after the listing are not in the backup, as files written after the walk are not.
    /// </summary>
    private static async Task<int> BackUpBucketAsync(BackupSettings settings, string staging, BackupManifest manifest, CancellationToken cancellationToken)
    {
        using var bucket = LearnHub.Media.Storage.MediaStorageFactory.Bucket(settings.S3);
        var objects = new List<(string Key, long Size)>();
        await foreach (var o in bucket.ListAllAsync(cancellationToken))
        {
            if (!BackupManifest.IsSafeKey(o.Key))
            {
                throw new BackupException($"The bucket holds an object whose key '{o.Key}' cannot be a file name (an empty, '.' or '..' part): " +
                    $"LearnHub does not write such keys; move it out of {bucket.Describe()} and back up again.");
            }

            objects.Add(o);
        }

        var root = Path.Combine(staging, BackupManifest.BucketFolder);
        FileTree.CreateFolder(root, PrivateFiles.FolderMode);
        Console.WriteLine($"Media bucket: copying {objects.Count} objects, {BackupManifest.Size(objects.Sum(o => o.Size))}, from {bucket.Describe()} …");
        var progress = new Progress("media bucket", objects.Count, objects.Sum(o => o.Size));
        var skipped = 0;
        long bytes = 0;
        foreach (var (key, _) in objects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var copy = Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
            FileTree.CreateFolder(Path.GetDirectoryName(copy)!, PrivateFiles.FolderMode);
            await using (var content = await bucket.OpenObjectAsync(key, cancellationToken))
            {
                if (content is null)
                {
                    // Deleted since the listing (an asset removed meanwhile).
                    skipped++;
                    progress.FileDone();
                    continue;
                }

                var (length, sha256) = await FileTree.CopyAsync(content, copy, progress, cancellationToken);
                manifest.Files.Add(new BackupFile
                {
                    Path = BackupManifest.BucketFolder + "/" + key,
                    Bytes = length,
                    Sha256 = sha256,
                    Mode = BackupManifest.FormatMode(PrivateFiles.FileMode),
                });
                bytes += length;
            }

            progress.FileDone();
        }

        manifest.Media = new BackupMedia
        {
            Storage = "S3",
            InBackup = true,
            Bucket = settings.S3Bucket,
            Prefix = settings.S3Prefix,
            Objects = objects.Count - skipped,
            Bytes = bytes,
        };
        return skipped;
    }

    /// <summary>The SQLite database's files, relative to the data folder, when it lives there: they are copied through the backup API only.</summary>
    private static HashSet<string> DatabaseFilesInDataFolder(BackupSettings settings)
    {
        if (settings.SqliteFile is not { } file || !settings.IsInDataFolder(file))
        {
            return [];
        }

        var relative = Path.GetRelativePath(settings.DataPath, file).Replace(Path.DirectorySeparatorChar, '/');
        return [relative, relative + "-wal", relative + "-shm", relative + "-journal"];
    }

    private static void DescribeWhatIsNotIn(BackupSettings settings, BackupManifest manifest)
    {
        foreach (var key in settings.KeysInConfiguration)
        {
            manifest.NotInBackup.Add($"{key} is set in the configuration, not kept in the data folder: the restored instance needs the same value.");
        }

        manifest.NotInBackup.Add("The configuration itself (appsettings, environment, the service unit) and the connection string's password.");
    }
}
