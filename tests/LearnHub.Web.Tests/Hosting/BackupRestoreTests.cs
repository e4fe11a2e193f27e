using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LearnHub.Web.Tests.Hosting;

/// <summary>
/// <c>backup</c> and <c>restore</c>, run as the operator runs them (the built LearnHub.Web.dll in its own process), on
/// SQLite: a running instance is backed up while it writes ledger lines, restored into an empty data folder and started,
/// and the restored instance has the people, the ledger up to a moment of the backup, the data folder's files and the
/// keys that keep the first instance's sign-in cookie and access token good. A changed backup and a data folder that
/// is not empty are refused before anything is written.
/// </summary>
public sealed class BackupRestoreTests(BackupRestoreTests.BackedUpInstance instance) : IClassFixture<BackupRestoreTests.BackedUpInstance>
{
    [Fact]
    public async Task A_backup_of_an_instance_under_load_restores_into_an_empty_data_folder_with_its_people_ledger_files_and_sign_in_keys()
    {
        var target = BackupScenario.NewFolder();
        try
        {
            var restore = await HostCommandRunner.RunAsync(BackupScenario.Settings(target), "restore", "--from", instance.Backup);

            Assert.True(restore.ExitCode == 0, restore.ToString());
            Assert.StartsWith("Restore complete:", restore.Output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
            BackupScenario.AssertPrivate(target);
            using var restored = new RestoredApp(target, postgres: null);
            await instance.Before.AssertRestoredAsync(restored, instance.Original);
        }
        finally
        {
            BackupScenario.Delete(target);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_backup_whose_file_or_manifest_was_changed_and_writes_nothing()
    {
        var changed = BackupScenario.NewFolder();
        var target = BackupScenario.NewFolder();
        try
        {
            BackupScenario.CopyFolder(instance.Backup, changed);
            // One byte of the database, its size unchanged: only the checksum can tell.
            var database = Path.Combine(changed, "database", "learnhub.db");
            var bytes = await File.ReadAllBytesAsync(database);
            bytes[^100] ^= 0xFF;
            await File.WriteAllBytesAsync(database, bytes);

            var refused = await HostCommandRunner.RunAsync(BackupScenario.Settings(target), "restore", "--from", changed);

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("database/learnhub.db does not match its SHA-256 checksum", refused.Errors, StringComparison.Ordinal);
            Assert.Contains("Nothing was restored", refused.Errors, StringComparison.Ordinal);
            Assert.False(Directory.Exists(target));

            // A manifest rewritten to reach outside the data folder is refused as well, whatever the checksums say.
            await File.WriteAllBytesAsync(database, await File.ReadAllBytesAsync(Path.Combine(instance.Backup, "database", "learnhub.db")));
            var manifestPath = Path.Combine(changed, "manifest.json");
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
            var secret = manifest["files"]!.AsArray().First(f => (string)f!["path"]! == "data/checkin-secret.txt")!;
            secret["path"] = "data/../../escaped.txt";
            await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());

            var escaping = await HostCommandRunner.RunAsync(BackupScenario.Settings(target), "restore", "--from", changed);

            Assert.True(escaping.ExitCode == 1, escaping.ToString());
            Assert.Contains("data/../../escaped.txt", escaping.Errors, StringComparison.Ordinal);
            Assert.False(Directory.Exists(target));
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(target)!, "escaped.txt")));
        }
        finally
        {
            BackupScenario.Delete(changed);
            BackupScenario.Delete(target);
        }
    }

    [Fact]
    public async Task Restore_refuses_a_data_folder_that_is_not_empty_replaces_it_with_force_but_never_under_a_running_instance()
    {
        var target = BackupScenario.NewFolder();
        try
        {
            Directory.CreateDirectory(target);
            var stray = Path.Combine(target, "learnhub.db");
            await File.WriteAllTextAsync(stray, "another instance's database");

            var refused = await HostCommandRunner.RunAsync(BackupScenario.Settings(target), "restore", "--from", instance.Backup);

            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"The data folder {target} is not empty (learnhub.db)", refused.Errors, StringComparison.Ordinal);
            Assert.Contains("--force", refused.Errors, StringComparison.Ordinal);
            Assert.Equal("another instance's database", await File.ReadAllTextAsync(stray));
            Assert.Equal([stray], Directory.GetFileSystemEntries(target));

            var forced = await HostCommandRunner.RunAsync(BackupScenario.Settings(target), "restore", "--from", instance.Backup, "--force");

            Assert.True(forced.ExitCode == 0, forced.ToString());
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(instance.Backup, "database", "learnhub.db")),
                await File.ReadAllBytesAsync(stray));
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(instance.Original.DataPath, "keys", "oidc-signing.pem")),
                await File.ReadAllBytesAsync(Path.Combine(target, "keys", "oidc-signing.pem")));
            // Neither the staging folder nor the replaced contents stay behind.
            Assert.DoesNotContain(Directory.GetFileSystemEntries(target), e => Path.GetFileName(e).StartsWith('.'));

            // Not even --force restores over an instance that is running: it would go on writing to a deleted file. A
            // running LearnHub has its database open (its workers poll it every few seconds); a connection of its own
            // stands for that here, whatever other test classes do to this process's connection pools meanwhile.
            await using var open = new SqliteConnection(DataAccess.DatabaseOptions.SqliteIn(instance.Original.DataPath) + ";Pooling=False");
            await open.OpenAsync();
            await using (var read = open.CreateCommand())
            {
                read.CommandText = "SELECT count(*) FROM \"People\"";
                await read.ExecuteScalarAsync();
            }

            var running = await HostCommandRunner.RunAsync(BackupScenario.Settings(instance.Original.DataPath), "restore", "--from", instance.Backup, "--force");

            Assert.True(running.ExitCode == 1, running.ToString());
            Assert.Contains("is in use: stop LearnHub", running.Errors, StringComparison.Ordinal);
            Assert.DoesNotContain(Directory.GetFileSystemEntries(instance.Original.DataPath), e => Path.GetFileName(e).StartsWith('.'));
            Assert.Equal(HttpStatusCode.OK, (await instance.Original.CreateClient().GetAsync("/account/sign-in")).StatusCode);
        }
        finally
        {
            BackupScenario.Delete(target);
        }
    }

    /// <summary>The instance backed up once for the class, under load, and its backup.</summary>
    public sealed class BackedUpInstance : IAsyncLifetime
    {
        public LearnHubFactory Original { get; } = new();

        public string Backup { get; } = BackupScenario.NewFolder();

        public BackupScenario Before { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Before = await BackupScenario.BackUpUnderLoadAsync(Original, Backup, BackupScenario.Settings(Original.DataPath));

        public async Task DisposeAsync()
        {
            await Original.DisposeAsync();
            BackupScenario.Delete(Backup);
        }
    }
}

/// <summary>
/// With Media:Storage=S3 the media live in a bucket: the backup copies the objects under LearnHub's prefix (on a real
/// S3-compatible server, s3rver) and the restore puts them into the configured bucket, into an empty one unless forced.
/// </summary>
[Trait("Category", "Servers")]
public sealed class S3BackupRestoreTests(S3Server s3) : IClassFixture<S3Server>
{
    [Fact]
    public async Task The_media_bucket_is_in_the_backup_and_goes_back_into_an_empty_bucket_or_with_force_into_a_full_one()
    {
        using var original = new LearnHubFactory();
        original.CreateClient().Dispose();
        var (from, into) = ("from-" + Guid.NewGuid().ToString("N")[..8], "into-" + Guid.NewGuid().ToString("N")[..8]);
        var asset = Guid.NewGuid().ToString("N");
        var segment = new byte[3 * 1024 * 1024 + 7];
        new Random(5).NextBytes(segment);
        var objects = new Dictionary<string, byte[]>
        {
            [$"assets/{asset}/master.m3u8"] = "#EXTM3U\n"u8.ToArray(),
            [$"assets/{asset}/720p/segment-000.ts"] = segment,
            ["slides/lesson-7.pdf"] = "%PDF-1.4 slides"u8.ToArray(),
        };
        using var client = s3.Client();
        try
        {
            await client.PutBucketAsync(s3.Bucket);
        }
        catch (Amazon.S3.AmazonS3Exception)
        {
            // Made by an earlier test of this server.
        }

        async Task PutAsync(string key, byte[] bytes)
        {
            using var body = new MemoryStream(bytes);
            await client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = s3.Bucket, Key = key, InputStream = body, UseChunkEncoding = false });
        }

        foreach (var (key, bytes) in objects)
        {
            await PutAsync($"{from}/{key}", bytes);
        }

        // Another installation's prefix in the same bucket is not LearnHub's to back up.
        await PutAsync("someone-else/notes.txt", "x"u8.ToArray());
        var (backup, target, second, third) = (BackupScenario.NewFolder(), BackupScenario.NewFolder(), BackupScenario.NewFolder(), BackupScenario.NewFolder());
        try
        {
            var made = await HostCommandRunner.RunAsync(Settings(original.DataPath, from), "backup", "--to", backup);

            Assert.True(made.ExitCode == 0, made.ToString());
            Assert.Contains("3 objects", made.Output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
            foreach (var (key, bytes) in objects)
            {
                Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(backup, "bucket", key)));
            }

            Assert.Equal(3, Directory.GetFiles(Path.Combine(backup, "bucket"), "*", SearchOption.AllDirectories).Length);
            var media = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(backup, "manifest.json")))!["media"]!;
            Assert.Equal((true, 3, objects.Values.Sum(b => (long)b.Length)), ((bool)media["inBackup"]!, (int)media["objects"]!, (long)media["bytes"]!));

            var restored = await HostCommandRunner.RunAsync(Settings(target, into), "restore", "--from", backup);

            Assert.True(restored.ExitCode == 0, restored.ToString());
            Assert.Equal(objects.Keys.Select(k => $"{into}/{k}").Order(), (await s3.KeysAsync(into + "/")).Order());
            foreach (var (key, bytes) in objects)
            {
                Assert.Equal(bytes, await s3.GetAsync($"{into}/{key}"));
            }

            // Into a bucket that is not empty: refused before anything is written, then replaced with --force.
            await PutAsync($"{into}/assets/{Guid.NewGuid():N}/master.m3u8", "#EXTM3U\n"u8.ToArray());
            var refused = await HostCommandRunner.RunAsync(Settings(second, into), "restore", "--from", backup);
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains("is not empty", refused.Errors, StringComparison.Ordinal);
            Assert.False(Directory.Exists(second) && Directory.EnumerateFileSystemEntries(second).Any());

            var forced = await HostCommandRunner.RunAsync(Settings(second, into), "restore", "--from", backup, "--force");
            Assert.True(forced.ExitCode == 0, forced.ToString());
            Assert.Equal(objects.Keys.Select(k => $"{into}/{k}").Order(), (await s3.KeysAsync(into + "/")).Order());

            // A changed object in the backup is found before anything is put.
            var damaged = Path.Combine(backup, "bucket", "slides", "lesson-7.pdf");
            await File.WriteAllBytesAsync(damaged, "%PDF-1.4 slideZ"u8.ToArray());
            var tampered = await HostCommandRunner.RunAsync(Settings(third, "tampered-" + into), "restore", "--from", backup);
            Assert.True(tampered.ExitCode == 1, tampered.ToString());
            Assert.Contains("bucket/slides/lesson-7.pdf does not match its SHA-256 checksum", tampered.Errors, StringComparison.Ordinal);
            Assert.Empty(await s3.KeysAsync("tampered-" + into + "/"));
        }
        finally
        {
            BackupScenario.Delete(backup);
            BackupScenario.Delete(target);
            BackupScenario.Delete(second);
            BackupScenario.Delete(third);
        }
    }

    private Dictionary<string, string> Settings(string dataPath, string prefix)
    {
        var settings = BackupScenario.Settings(dataPath);
        foreach (var (name, value) in s3.Settings(prefix))
        {
            settings[name.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        return settings;
    }
}

/// <summary>The same on PostgreSQL (pg_dump and pg_restore), on the server ./test.sh starts.</summary>
[Trait("Category", "Servers")]
#pragma warning disable CA1001 // disposed in DisposeAsync, which xunit calls
public sealed class PostgresBackupRestoreTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly string _source = $"learnhub_{Guid.NewGuid():N}";
    private readonly string _restored = $"learnhub_{Guid.NewGuid():N}";
    private readonly string _backup = BackupScenario.NewFolder();
    private readonly string _restoredData = BackupScenario.NewFolder();
    private PostgresApp? _original;

    private static string ServerConnectionString => Environment.GetEnvironmentVariable("LEARNHUB_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LEARNHUB_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL.");

    private static string Database(string name) => new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;

    public Task InitializeAsync()
    {
        _original = new PostgresApp(Database(_source));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_backup_of_an_instance_under_load_restores_into_a_new_database_with_its_people_ledger_files_and_sign_in_keys()
    {
        var before = await BackupScenario.BackUpUnderLoadAsync(_original!, _backup, Settings(_original!.DataPath, _source));
        Assert.True(File.Exists(Path.Combine(_backup, "database", "learnhub.dump")));

        // The database does not exist yet: restore creates it.
        var restore = await HostCommandRunner.RunAsync(Settings(_restoredData, _restored), "restore", "--from", _backup);

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.StartsWith("Restore complete:", restore.Output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        BackupScenario.AssertPrivate(_restoredData);
        using (var restored = new RestoredApp(_restoredData, Database(_restored)))
        {
            await before.AssertRestoredAsync(restored, _original);
        }

        // Now neither empty: a second restore into them is refused.
        var again = await HostCommandRunner.RunAsync(Settings(_restoredData, _restored), "restore", "--from", _backup);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Contains("is not empty", again.Errors, StringComparison.Ordinal);

        // A dump pg_restore cannot read (cut short, the manifest rewritten to match) fails after the files were moved
        // into place and the database was created: both are taken back.
        var damaged = BackupScenario.NewFolder();
        var target = BackupScenario.NewFolder();
        try
        {
            BackupScenario.CopyFolder(_backup, damaged);
            var dump = Path.Combine(damaged, "database", "learnhub.dump");
            var half = (await File.ReadAllBytesAsync(dump))[..(int)(new FileInfo(dump).Length / 2)];
            await File.WriteAllBytesAsync(dump, half);
            var manifestPath = Path.Combine(damaged, "manifest.json");
            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
            var entry = manifest["files"]!.AsArray().First(f => (string)f!["path"]! == "database/learnhub.dump")!;
            entry["bytes"] = half.Length;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(half));
            await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
            var third = $"learnhub_{Guid.NewGuid():N}";

            var failed = await HostCommandRunner.RunAsync(Settings(target, third), "restore", "--from", damaged);

            Assert.True(failed.ExitCode == 1, failed.ToString());
            Assert.Contains("pg_restore failed", failed.Errors, StringComparison.Ordinal);
            Assert.Contains("Nothing was restored", failed.Errors, StringComparison.Ordinal);
            Assert.False(Directory.Exists(target));
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand($"select count(*) from pg_database where datname = '{third}'", connection);
            Assert.Equal(0L, await exists.ExecuteScalarAsync());
        }
        finally
        {
            BackupScenario.Delete(damaged);
            BackupScenario.Delete(target);
        }
    }

    private static Dictionary<string, string> Settings(string dataPath, string database) => new(BackupScenario.Settings(dataPath))
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__LearnHub"] = Database(database),
    };

    public async Task DisposeAsync()
    {
        if (_original is not null)
        {
            await _original.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            foreach (var name in new[] { _source, _restored })
            {
                await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        BackupScenario.Delete(_backup);
        BackupScenario.Delete(_restoredData);
    }

    private sealed class PostgresApp(string connectionString) : LearnHubFactory
    {
        protected override string? PostgresConnectionString => connectionString;
    }
}

/// <summary>An app on a restored data folder (and database): LearnHub started after a restore.</summary>
internal sealed class RestoredApp(string dataPath, string? postgres) : LearnHubFactory(dataPath)
{
    protected override string? PostgresConnectionString => postgres;
}

/// <summary>
/// What an instance held when its backup began, taken by <see cref="BackUpUnderLoadAsync"/>, and the checks that a
/// restored instance holds the same.
/// </summary>
public sealed class BackupScenario
{
    private const string Load = "backup-load";

    private BackupScenario()
    {
    }

    private CookieContainer Cookies { get; init; } = new();

    private string AccessToken { get; init; } = "";

    private string Jwks { get; init; } = "";

    private Dictionary<string, string> Files { get; init; } = [];

    private List<(int Id, string Name)> People { get; init; } = [];

    private List<(long Id, string? CreditKey, decimal Hours)> Ledger { get; init; } = [];

    /// <summary>Load lines written before the backup started and by the time it had finished.</summary>
    private int LoadBefore { get; set; }

    private int LoadAfter { get; set; }

    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "learnhub-tests", "backup-" + Guid.NewGuid().ToString("N"));

    public static Dictionary<string, string> Settings(string dataPath) => new() { ["LEARNHUB_DATA"] = dataPath };

    /// <summary>
    /// Signs in (a cookie and an access token), adds a media file, then backs the instance up with the real command
    /// while ledger lines are written in a loop, one after another, so a consistent snapshot holds an unbroken run of them.
    /// </summary>
    public static async Task<BackupScenario> BackUpUnderLoadAsync(LearnHubFactory original, string backupFolder, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(original);
        var cookies = new CookieContainer();
        var browser = original.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        var signIn = await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = "trainee@learnhub.example", ["Password"] = LearnHubFactory.Password }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var accessToken = await OidcClient.AccessTokenAsync(original, "trainee@learnhub.example");

        var media = Path.Combine(original.DataPath, "media", "assets", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(media);
        await File.WriteAllBytesAsync(Path.Combine(media, "poster.jpg"), RandomNumberGenerator.GetBytes(256 * 1024));

        int personId;
        List<(int, string)> people;
        List<(long, string?, decimal)> ledger;
        await using (var scope = original.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            people = (await db.People.AsNoTracking().Select(p => new { p.Id, p.Name }).ToListAsync()).Select(p => (p.Id, p.Name)).ToList();
            ledger = (await db.LedgerEntries.AsNoTracking().Select(e => new { e.Id, e.CreditKey, e.Hours }).ToListAsync())
                .Select(e => (e.Id, e.CreditKey, e.Hours)).ToList();
            personId = people.Min(p => p.Item1);
        }

        var scenario = new BackupScenario
        {
            Cookies = cookies,
            AccessToken = accessToken,
            Jwks = await original.CreateClient().GetStringAsync("/.well-known/jwks"),
            Files = FilesOf(original.DataPath),
            People = people,
            Ledger = ledger,
        };

        var written = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var scope = original.Services.CreateAsyncScope();
                var next = written + 1;
                await scope.ServiceProvider.GetRequiredService<TrainingLedger>().CreditAsync(new LedgerCredit(personId, new DateOnly(2027, 3, 10), 0.25m,
                    LedgerSource.ManualAdjustment, Centralized: false, Load, $"{Load}:{next}", "备份时的写入", "test"));
                Volatile.Write(ref written, next);
            }
        });
        while (Volatile.Read(ref written) < 10 && !writer.IsCompleted)
        {
            await Task.Delay(10);
        }

        scenario.LoadBefore = Volatile.Read(ref written);
        var backup = await HostCommandRunner.RunAsync(settings, "backup", "--to", backupFolder);
        scenario.LoadAfter = Volatile.Read(ref written);
        await stop.CancelAsync();
        await writer;

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.StartsWith("Backup complete:", backup.Output.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
        Assert.True(scenario.LoadAfter > scenario.LoadBefore, $"No ledger line was written while the backup ran ({scenario.LoadBefore}).");
        return scenario;
    }

    /// <summary>The restored instance has the people, the ledger, the files and the keys the original had when its backup began.</summary>
    public async Task AssertRestoredAsync(LearnHubFactory restored, LearnHubFactory original)
    {
        ArgumentNullException.ThrowIfNull(restored);
        ArgumentNullException.ThrowIfNull(original);

        // The first instance's cookie and access token are good here: the same data-protection, signing and encryption keys.
        var browser = restored.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(Cookies));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await restored.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/my/learning")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(restored.CreateClient(), "/api/v1/me", AccessToken)).StatusCode);
        Assert.Equal(Jwks, await restored.CreateClient().GetStringAsync("/.well-known/jwks"));

        await using (var scope = restored.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            var people = (await db.People.AsNoTracking().Select(p => new { p.Id, p.Name }).ToListAsync()).Select(p => (p.Id, p.Name)).ToList();
            Assert.Equal(People.Order(), people.Order());

            var ledger = (await db.LedgerEntries.AsNoTracking().Select(e => new { e.Id, e.CreditKey, e.Hours, e.Reference }).ToListAsync()).ToList();
            var lines = ledger.ToDictionary(e => e.Id);
            Assert.All(Ledger, e => Assert.Equal(e, (lines[e.Id].Id, lines[e.Id].CreditKey, lines[e.Id].Hours)));

            // The load's lines are a snapshot: lines 1 to n for an n between the backup's start and its end, none missing.
            var load = ledger.Where(e => e.Reference == Load).Select(e => int.Parse(e.CreditKey![(Load.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
                .Order().ToList();
            Assert.InRange(load.Count, LoadBefore, LoadAfter);
            Assert.Equal(Enumerable.Range(1, load.Count), load);
        }

        // Every file of the data folder (keys, secrets, media, attachments) with the same bytes.
        var files = FilesOf(restored.DataPath);
        foreach (var (path, sha256) in Files)
        {
            Assert.True(files.TryGetValue(path, out var restoredSha256), $"{path} was not restored.");
            Assert.True(sha256 == restoredSha256, $"{path} was restored with other contents.");
        }

        Assert.Contains(Files.Keys, p => p.StartsWith("media/assets/", StringComparison.Ordinal) && p.EndsWith("/poster.jpg", StringComparison.Ordinal));
        Assert.Contains("keys/oidc-signing.pem", Files.Keys);
        Assert.Contains("checkin-secret.txt", Files.Keys);
    }

    /// <summary>Secrets stay owner-only, as LearnHub makes them: the keys folder 0700, keys, the check-in secret and the database 0600.</summary>
    public static void AssertPrivate(string dataPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Assert.Equal(DataAccess.PrivateFiles.FolderMode, File.GetUnixFileMode(Path.Combine(dataPath, "keys")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dataPath, "keys")).Append(Path.Combine(dataPath, "checkin-secret.txt")))
        {
            Assert.True(File.GetUnixFileMode(file) == DataAccess.PrivateFiles.FileMode, $"{file} is {File.GetUnixFileMode(file)}");
        }

        if (File.Exists(Path.Combine(dataPath, "learnhub.db")))
        {
            Assert.Equal(DataAccess.PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(dataPath, "learnhub.db")));
        }
    }

    /// <summary>The data folder's files but the database's, by path, with their SHA-256.</summary>
    private static Dictionary<string, string> FilesOf(string dataPath) =>
        Directory.EnumerateFiles(dataPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dataPath, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !p.StartsWith("learnhub.db", StringComparison.Ordinal) && !p.StartsWith("media/work/", StringComparison.Ordinal))
            .ToDictionary(p => p, p => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dataPath, p)))));

    public static void CopyFolder(string from, string to)
    {
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories).Prepend(from))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    public static void Delete(string folder)
    {
        // The restored app's pooled connections, not those of an instance still running in this process.
        using (var pooled = new SqliteConnection(DataAccess.DatabaseOptions.SqliteIn(folder)))
        {
            SqliteConnection.ClearPool(pooled);
        }

        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // The temp folder is cleaned by the OS.
        }
    }
}
