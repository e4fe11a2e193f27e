using LearnHub.DataAccess;
using LearnHub.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Hosting;

/// <summary>
/// Secrets, keys and the database in the data folder were world-readable (0644 files, a 0755 keys folder):
/// anyone with a shell on the machine could copy the media URL key or the whole database.
/// </summary>
public sealed class DataFolderPermissionsTests
{
    private const UnixFileMode WorldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task Start_up_makes_an_older_versions_readable_secrets_and_database_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var dataPath = Path.Combine(Path.GetTempPath(), "learnhub-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using (var app = new DataFolderApp(dataPath))
            {
                app.CreateClient().Dispose();
            }

            // What an older version left behind: everything readable by every account on the machine.
            SqliteConnection.ClearAllPools();
            var keys = Path.Combine(dataPath, "keys");
            File.SetUnixFileMode(keys, WorldReadable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            var mediaKey = Path.Combine(keys, "media-url.key");
            var checkIn = Path.Combine(dataPath, "checkin-secret.txt");
            var database = Path.Combine(dataPath, "learnhub.db");
            if (!File.Exists(mediaKey))
            {
                // Made when the first signed URL is; a key copied in by hand is just as exposed.
                await File.WriteAllBytesAsync(mediaKey, new byte[32]);
            }

            foreach (var file in new[] { mediaKey, checkIn, database })
            {
                File.SetUnixFileMode(file, WorldReadable);
            }

            using var restarted = new DataFolderApp(dataPath);
            using var client = restarted.CreateClient();
            // A write, so the database has its -wal and -shm beside it.
            Assert.True((await client.GetAsync("/account/sign-in")).IsSuccessStatusCode);
            await using (var scope = restarted.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<LearnHub.Media.Data.MediaDbContext>();
                await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "UPDATE media_assets SET Progress = Progress");
            }

            Assert.Equal(PrivateFiles.FolderMode, File.GetUnixFileMode(keys));
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(mediaKey));
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(checkIn));
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                Assert.True(File.Exists(file), file);
                Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private sealed class DataFolderApp(string dataPath) : LearnHubFactory(dataPath);
}
