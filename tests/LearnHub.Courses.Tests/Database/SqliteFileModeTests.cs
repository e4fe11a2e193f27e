using LearnHub.DataAccess;
using Microsoft.Data.Sqlite;

namespace LearnHub.Courses.Tests.Database;

/// <summary>A new SQLite database, its -wal and its -shm are the service account's alone, whatever the umask.</summary>
public sealed class SqliteFileModeTests
{
    [Fact]
    public async Task A_new_database_and_its_wal_and_shm_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Directory.CreateTempSubdirectory("learnhub-db-").FullName;
        var file = Path.Combine(folder, "learnhub.db");
        var options = new DatabaseOptions { ConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString() };
        try
        {
            await options.PrepareAsync(CancellationToken.None);

            // While a connection writes, SQLite keeps the -wal and -shm it made after the database's own mode.
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
                await command.ExecuteNonQueryAsync();
            }

            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                Assert.True(File.Exists(path), path);
                Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
