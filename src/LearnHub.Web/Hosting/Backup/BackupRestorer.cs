using System.Diagnostics;
using System.Globalization;
using LearnHub.DataAccess;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// <c>restore --from DIR [--force]</c>, with LearnHub stopped: checks the whole backup against its manifest before
/// writing anything; refuses a data folder or database that is not empty unless <c>--force</c>; copies the data
/// folder's files (checked again as they are written) into a staging folder inside the data folder, moves them into
/// place with renames, and restores a PostgreSQL database in one transaction; a backup's media objects go back into
/// the configured bucket (an empty prefix of it, unless <c>--force</c>) and are checked there. A failure at any step undoes the steps
/// before it, so the instance is either the backup's or as it was.
/// </summary>
internal static class BackupRestorer
{
    /// <summary>Inside the data folder while a restore copies into it.</summary>
    public const string StagingPrefix = ".restore-";

    /// <summary>Inside the data folder while <c>--force</c> holds what was there, until the restore has succeeded.</summary>
    public const string DisplacedPrefix = ".replaced-";

    /// <summary>What a file system's root may hold that says nothing about LearnHub (a data folder on its own disk).</summary>
    private const string LostAndFound = "lost+found";

    public static async Task<int> RunAsync(BackupSettings settings, string from, bool force, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var source = Path.GetFullPath(from);
        var manifest = BackupManifest.Read(source);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backup of {manifest.CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by LearnHub {manifest.LearnHubVersion}, {manifest.Provider}: " +
            $"{manifest.Files.Count} files, {BackupManifest.Size(manifest.TotalBytes)}."));
        CheckProvider(settings, manifest);
        var migratesForward = CheckMigrations(manifest);
        var postgres = settings.Provider == DatabaseProvider.Postgres ? new PostgresTools(settings) : null;
        var objects = postgres is null ? 0 : await postgres.CountObjectsAsync(cancellationToken);
        using var bucket = BucketOf(settings, manifest);
        if (CheckEmpty(settings, postgres, objects, force))
        {
            await CheckNotInUseAsync(settings, postgres, objects, cancellationToken);
        }

        var bucketWasEmpty = bucket is null || await CheckBucketEmptyAsync(bucket, force, cancellationToken);
        await VerifyAsync(source, manifest, cancellationToken);

        var restore = new Restore(settings, manifest, source);
        try
        {
            await restore.StageAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (bucket is not null)
            {
                await RestoreBucketAsync(bucket, bucketWasEmpty, restore, source, manifest, cancellationToken);
            }

            restore.MoveIntoPlace();
            if (postgres is not null)
            {
                await RestorePostgresAsync(postgres, restore, Path.Combine(source, manifest.DatabaseFile), objects, cancellationToken);
            }

            if (bucket is not null && !bucketWasEmpty)
            {
                // --force: what the bucket held that the backup does not goes last, once nothing else can fail.
                await RemoveExtraObjectsAsync(bucket, manifest, cancellationToken);
            }
        }
        catch (Exception e)
        {
            restore.Undo();
            var asTheyWere = $"Nothing was restored: {settings.DataPath}{(postgres is null ? " is" : " and database " + postgres.Database + " are")} as before.";
            throw new BackupException((e is OperationCanceledException ? "Interrupted." : e.Message) + Environment.NewLine + asTheyWere, e);
        }

        restore.Finish();
        var data = manifest.Files.Where(f => f.Path != manifest.DatabaseFile && !BackupManifest.IsBucketObject(f.Path)).ToList();
        foreach (var line in manifest.NotInBackup)
        {
            Console.WriteLine("Not in the backup: " + line);
        }

        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            Console.WriteLine($"Restored as root: the files belong to root. Give them to LearnHub's account before starting it (chown -R ACCOUNT: {settings.DataPath}).");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Restore complete: the backup of {manifest.CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC " +
            $"({(postgres is null ? "SQLite database" : "PostgreSQL database " + postgres.Database)}, {data.Count} files {BackupManifest.Size(data.Sum(f => f.Bytes))}" +
            $"{(bucket is null ? "" : $", {manifest.Media.Objects} objects {BackupManifest.Size(manifest.Media.Bytes ?? 0)} in S3 bucket {bucket.Describe()}")}) " +
            $"is in {settings.DataPath}{(migratesForward ? "; LearnHub applies its newer migrations when it starts" : "")} ({clock.Elapsed.TotalSeconds:0.0} s)."));
        return 0;
    }

    private static void CheckProvider(BackupSettings settings, BackupManifest manifest)
    {
        if (manifest.DatabaseProvider != settings.Provider)
        {
            throw new BackupException($"The backup holds a {manifest.Provider} database but this configuration uses {settings.Provider} (Database:Provider). " +
                "Restore with the provider the backup was made on; moving between SQLite and PostgreSQL is not a restore.");
        }
    }

    /// <summary>The bucket the backup's media objects go back into, when it holds them; refused when media are not on S3 here.</summary>
    private static LearnHub.Media.Storage.S3MediaStorage? BucketOf(BackupSettings settings, BackupManifest manifest)
    {
        if (!manifest.Files.Any(f => BackupManifest.IsBucketObject(f.Path)))
        {
            return null;
        }

        if (!settings.MediaOnS3)
        {
            throw new BackupException($"The backup holds the media of S3 bucket {manifest.Media.Bucket} but this configuration keeps media on disk " +
                "(Media:Storage): restore with Media:Storage=S3 and the Media:S3 settings of the bucket to restore into.");
        }

        return LearnHub.Media.Storage.MediaStorageFactory.Bucket(settings.S3);
    }

    /// <summary>Refuses a bucket that holds objects under LearnHub's prefix, unless forced; true when it holds none.</summary>
    private static async Task<bool> CheckBucketEmptyAsync(LearnHub.Media.Storage.S3MediaStorage bucket, bool force, CancellationToken cancellationToken)
    {
        await bucket.EnsureBucketAsync(cancellationToken);
        var empty = await bucket.IsEmptyAsync(cancellationToken);
        if (!empty && !force)
        {
            throw new BackupException($"The S3 bucket {bucket.Describe()} is not empty. Restore puts media into an empty bucket (or prefix) only: " +
                "name another in Media:S3:Bucket or Media:S3:Prefix, or stop LearnHub and run again with --force to replace what is there.");
        }

        return empty;
    }

    /// <summary>
    /// Puts every object of the backup into the bucket, streamed from its file, then lists the bucket and checks each is
    /// there with its size. Into an empty bucket, a failure takes back what was put.
    /// </summary>
    private static async Task RestoreBucketAsync(LearnHub.Media.Storage.S3MediaStorage bucket, bool wasEmpty, Restore restore, string source,
        BackupManifest manifest, CancellationToken cancellationToken)
    {
        var objects = manifest.Files.Where(f => BackupManifest.IsBucketObject(f.Path))
            .Select(f => (Key: f.Path[(BackupManifest.BucketFolder.Length + 1)..], File: f)).ToList();
        if (wasEmpty)
        {
            restore.OnUndo(() => bucket.DeleteObjectsAsync(objects.Select(o => o.Key), CancellationToken.None));
        }

        Console.WriteLine($"Media bucket: putting {objects.Count} objects, {BackupManifest.Size(objects.Sum(o => o.File.Bytes))}, into {bucket.Describe()} …");
        var progress = new Progress("media bucket", objects.Count, objects.Sum(o => o.File.Bytes));
        foreach (var (key, file) in objects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await bucket.PutObjectAsync(key, Path.Combine(source, file.Path), cancellationToken);
            progress.Advance(file.Bytes);
            progress.FileDone();
        }

        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var (key, size) in bucket.ListAllAsync(cancellationToken))
        {
            stored[key] = size;
        }

        var wrong = objects.Where(o => !stored.TryGetValue(o.Key, out var size) || size != o.File.Bytes).Select(o => o.Key).ToList();
        if (wrong.Count > 0)
        {
            throw new BackupException(string.Create(CultureInfo.InvariantCulture,
                $"{wrong.Count} of the {objects.Count} objects put into {bucket.Describe()} are missing or of another size there ({string.Join(", ", wrong.Take(5))})."));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Media bucket: {objects.Count} objects in place, each of its size in the manifest."));
    }

    private static async Task RemoveExtraObjectsAsync(LearnHub.Media.Storage.S3MediaStorage bucket, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var kept = manifest.Files.Where(f => BackupManifest.IsBucketObject(f.Path)).Select(f => f.Path[(BackupManifest.BucketFolder.Length + 1)..])
            .ToHashSet(StringComparer.Ordinal);
        var extra = new List<string>();
        await foreach (var (key, _) in bucket.ListAllAsync(cancellationToken))
        {
            if (!kept.Contains(key))
            {
                extra.Add(key);
            }
        }

        await bucket.DeleteObjectsAsync(extra, cancellationToken);
    }

    /// <summary>Refuses a backup made by a newer LearnHub; true when this one has migrations the backup lacks (it applies them at start).</summary>
    private static bool CheckMigrations(BackupManifest manifest)
    {
        var forward = false;
        foreach (var (table, id) in manifest.Migrations)
        {
            var known = KnownMigrations.HistoryTables.Contains(table, StringComparer.Ordinal)
                ? KnownMigrations.Of(table, manifest.DatabaseProvider)
                : [];
            if (!known.Contains(id, StringComparer.Ordinal))
            {
                throw new BackupException($"The backup's database has migration {id} ({table}), which this LearnHub ({BackupWriter.Version}) does not know: " +
                    $"LearnHub {manifest.LearnHubVersion} made it. Restore it with that version or a later one.");
            }

            forward |= !string.Equals(known[^1], id, StringComparison.Ordinal);
        }

        return forward || KnownMigrations.HistoryTables.Any(t => !manifest.Migrations.ContainsKey(t));
    }

    /// <summary>Every file of the manifest is in the backup with its size and SHA-256; all problems are listed before giving up.</summary>
    private static async Task VerifyAsync(string source, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var progress = new Progress("checking", manifest.Files.Count, manifest.TotalBytes);
        foreach (var file in manifest.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(source, file.Path);
            if (!File.Exists(path))
            {
                problems.Add($"{file.Path} is missing.");
            }
            else if (new FileInfo(path).Length != file.Bytes)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{file.Path} has {new FileInfo(path).Length} bytes, the manifest says {file.Bytes}."));
            }
            else if (!string.Equals((await FileTree.HashAsync(path, progress, cancellationToken)).Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{file.Path} does not match its SHA-256 checksum.");
            }

            progress.FileDone();
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems.Take(20))
            {
                await Console.Error.WriteLineAsync("  " + problem);
            }

            var listed = problems.Count > 20 ? "the first 20 above" : "above";
            throw new BackupException(string.Create(CultureInfo.InvariantCulture,
                $"{problems.Count} of the backup's {manifest.Files.Count} files are missing or changed since it was made ({listed}): the backup is damaged or was tampered with. Nothing was restored."));
        }

        Console.WriteLine("Backup checked: every file matches the manifest's size and SHA-256.");
    }

    /// <summary>Refuses a data folder or database that is not empty, unless forced; true when something is there to replace.</summary>
    private static bool CheckEmpty(BackupSettings settings, PostgresTools? postgres, long? objects, bool force)
    {
        var found = Directory.Exists(settings.DataPath)
            ? Directory.EnumerateFileSystemEntries(settings.DataPath).Select(Path.GetFileName).OfType<string>().Where(n => n != LostAndFound).Order(StringComparer.Ordinal).ToList()
            : [];
        if (settings.SqliteFile is { } database && !settings.IsInDataFolder(database) && File.Exists(database))
        {
            found.Add(database);
        }

        if (found.Count > 0 && !force)
        {
            throw new BackupException($"The data folder {settings.DataPath} is not empty ({string.Join(", ", found.Take(5))}{(found.Count > 5 ? ", …" : "")}). " +
                "Restore writes into an empty data folder only: point LEARNHUB_DATA at a new folder, or stop LearnHub and run again with --force to replace what is there.");
        }

        if (postgres is not null && objects > 0 && !force)
        {
            throw new BackupException(string.Create(CultureInfo.InvariantCulture, $"The database {postgres.Database} is not empty ({objects} tables, views and sequences). ") +
                "Restore writes into an empty database only: name a new one in ConnectionStrings:LearnHub (restore creates it), " +
                "or stop LearnHub and run again with --force to replace the backup's tables in it.");
        }

        return found.Count > 0 || objects > 0;
    }

    /// <summary>
    /// --force replaces what a running LearnHub would go on writing to (a deleted database file, tables dropped under
    /// it): refused while the SQLite database is open elsewhere, or another session is connected to the PostgreSQL one.
    /// </summary>
    private static async Task CheckNotInUseAsync(BackupSettings settings, PostgresTools? postgres, long? objects, CancellationToken cancellationToken)
    {
        if (settings.SqliteFile is { } database && File.Exists(database) && OperatingSystem.IsLinux() && IsOpenElsewhere(database))
        {
            throw new BackupException($"The database {database} is in use: stop LearnHub (every process on this data folder) before restoring over it.");
        }

        if (postgres is not null && objects > 0 && await postgres.OtherSessionsAsync(cancellationToken) is var sessions and > 0)
        {
            throw new BackupException(string.Create(CultureInfo.InvariantCulture,
                $"The database {postgres.Database} has {sessions} other sessions: stop LearnHub (every node) before restoring over it."));
        }
    }

    /// <summary>
    /// Whether another process has the SQLite database open. Every SQLite connection that has read the database holds a
    /// POSIX read lock in its lock bytes (from 1 GiB: the pending, reserved and 510 shared bytes; in WAL mode for as
    /// long as it stays open), so a write lock over them is refused while one exists. Taken and released at once.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static bool IsOpenElsewhere(string database)
    {
        const long LockBytes = 0x40000000;
        using var file = new FileStream(database, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            file.Lock(LockBytes, 512);
            file.Unlock(LockBytes, 512);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task RestorePostgresAsync(PostgresTools postgres, Restore restore, string dump, long? objects, CancellationToken cancellationToken)
    {
        if (objects is null)
        {
            Console.WriteLine($"Database: creating {postgres.Database} …");
            await postgres.CreateDatabaseAsync(cancellationToken);
            restore.OnUndo(postgres.DropDatabaseAsync);
        }

        Console.WriteLine($"Database: pg_restore into {postgres.Database} (one transaction) …");
        await postgres.RestoreAsync(dump, clean: objects > 0, cancellationToken);
    }

    /// <summary>
    /// One restore's writes and how to take them back: staged files, the moves that put them in place (and, with
    /// --force, those that put the old contents aside), and anything else to undo (a database it created).
    /// </summary>
    private sealed class Restore(BackupSettings settings, BackupManifest manifest, string source)
    {
        private readonly string _id = Guid.NewGuid().ToString("N")[..8];
        private readonly List<(string From, string To)> _moves = [];
        private readonly List<Func<Task>> _undo = [];
        private readonly List<string> _leftovers = [];
        private bool _createdDataFolder;

        private string Staging => Path.Combine(settings.DataPath, StagingPrefix + _id);

        private string Displaced => Path.Combine(settings.DataPath, DisplacedPrefix + _id);

        /// <summary>Where the SQLite database waits when it lives outside the data folder.</summary>
        private string? StagedOutsideDatabase => settings.SqliteFile is { } file && !settings.IsInDataFolder(file)
            ? Path.Combine(Path.GetDirectoryName(file)!, StagingPrefix + _id + "-" + Path.GetFileName(file))
            : null;

        public void OnUndo(Func<Task> undo) => _undo.Add(undo);

        /// <summary>Copies every file of the backup into the staging folder, checking each again as it is written.</summary>
        public async Task StageAsync(CancellationToken cancellationToken)
        {
            if (!Directory.Exists(settings.DataPath))
            {
                var rootMode = BackupManifest.ParseMode(manifest.Folders.FirstOrDefault(f => f.Path == BackupManifest.DataFolder)?.Mode) ?? PrivateFiles.FolderMode;
                FileTree.CreateFolder(settings.DataPath, rootMode);
                _createdDataFolder = true;
            }

            FileTree.CreateFolder(Staging, PrivateFiles.FolderMode);
            foreach (var folder in manifest.Folders.Where(f => f.Path != BackupManifest.DataFolder))
            {
                FileTree.CreateFolder(StagedPath(folder.Path)!, PrivateFiles.FolderMode);
            }

            var files = manifest.Files.Where(f => (settings.Provider == DatabaseProvider.Sqlite || f.Path != manifest.DatabaseFile)
                && !BackupManifest.IsBucketObject(f.Path)).ToList();
            var totalBytes = files.Sum(f => f.Bytes);
            Console.WriteLine($"Restoring {files.Count} files, {BackupManifest.Size(totalBytes)}, into {settings.DataPath} …");
            var progress = new Progress("restoring", files.Count, totalBytes);
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = StagedPath(file.Path)!;
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                var (bytes, sha256) = await FileTree.CopyAsync(Path.Combine(source, file.Path), target, progress, cancellationToken);
                if (bytes != file.Bytes || !string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new BackupException($"{file.Path} changed in the backup while it was being restored.");
                }

                FileTree.SetMode(target, BackupManifest.ParseMode(file.Mode)!.Value);
                progress.FileDone();
            }

            // Last, and deepest first, so a folder the backup recorded read-only was still writable while it filled.
            foreach (var folder in manifest.Folders.Where(f => f.Path != BackupManifest.DataFolder).OrderByDescending(f => f.Path.Length))
            {
                FileTree.SetMode(StagedPath(folder.Path)!, BackupManifest.ParseMode(folder.Mode)!.Value);
            }
        }

        /// <summary>Where a backup path is staged: data/… in the staging folder, the SQLite database where it will live.</summary>
        private string? StagedPath(string backupPath)
        {
            if (backupPath == BackupManifest.SqliteDatabase)
            {
                return StagedOutsideDatabase ?? Path.Combine(Staging, Path.GetRelativePath(settings.DataPath, settings.SqliteFile!));
            }

            return backupPath == BackupManifest.PostgresDatabase
                ? null
                : Path.Combine(Staging, backupPath[(BackupManifest.DataFolder.Length + 1)..].Replace('/', Path.DirectorySeparatorChar));
        }

        /// <summary>Renames: what was there aside (--force), then the staged entries in. Each rename is recorded for <see cref="Undo"/>.</summary>
        public void MoveIntoPlace()
        {
            var existing = Directory.EnumerateFileSystemEntries(settings.DataPath)
                .Where(p => Path.GetFileName(p) is var name && name != LostAndFound && !name.StartsWith(StagingPrefix + _id, StringComparison.Ordinal))
                .ToList();
            if (existing.Count > 0)
            {
                FileTree.CreateFolder(Displaced, PrivateFiles.FolderMode);
                foreach (var entry in existing)
                {
                    Move(entry, Path.Combine(Displaced, Path.GetFileName(entry)));
                }
            }

            if (StagedOutsideDatabase is { } staged)
            {
                var database = settings.SqliteFile!;
                foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
                {
                    if (File.Exists(database + suffix))
                    {
                        var aside = Path.Combine(Path.GetDirectoryName(database)!, DisplacedPrefix + _id + "-" + Path.GetFileName(database) + suffix);
                        Move(database + suffix, aside);
                        _leftovers.Add(aside);
                    }
                }

                Move(staged, database);
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(Staging).ToList())
            {
                Move(entry, Path.Combine(settings.DataPath, Path.GetFileName(entry)));
            }
        }

        private void Move(string from, string to)
        {
            if (Directory.Exists(from))
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to);
            }

            _moves.Add((from, to));
        }

        /// <summary>Takes back every step taken, newest first, then removes what was staged. Best effort: each failure is reported.</summary>
        public void Undo()
        {
            foreach (var undo in Enumerable.Reverse(_undo))
            {
                undo().GetAwaiter().GetResult();
            }

            foreach (var (from, to) in Enumerable.Reverse(_moves))
            {
                try
                {
                    if (Directory.Exists(to))
                    {
                        Directory.Move(to, from);
                    }
                    else
                    {
                        File.Move(to, from);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Console.Error.WriteLine($"Could not move {to} back to {from}: {e.Message}. Move it by hand.");
                }
            }

            FileTree.DeleteQuietly(Staging);
            if (Directory.Exists(Displaced) && !Directory.EnumerateFileSystemEntries(Displaced).Any())
            {
                // Only when everything went back: what is still in it is the instance's own data.
                Directory.Delete(Displaced);
            }

            if (StagedOutsideDatabase is { } staged)
            {
                FileTree.DeleteQuietly(staged);
            }

            if (_createdDataFolder && Directory.Exists(settings.DataPath) && !Directory.EnumerateFileSystemEntries(settings.DataPath).Any())
            {
                FileTree.DeleteQuietly(settings.DataPath);
            }
        }

        /// <summary>After success: the emptied staging folder and, with --force, what was there before are deleted.</summary>
        public void Finish()
        {
            FileTree.DeleteQuietly(Staging);
            FileTree.DeleteQuietly(Displaced);
            foreach (var leftover in _leftovers)
            {
                FileTree.DeleteQuietly(leftover);
            }
        }
    }
}
