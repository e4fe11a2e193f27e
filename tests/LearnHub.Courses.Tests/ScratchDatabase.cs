using LearnHub.Courses.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Tests;

/// <summary>A SQLite file of a test's own in a folder of its own, removed when the test is done.</summary>
internal sealed class ScratchDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "learnhub-courses-tests", Guid.NewGuid().ToString("N"));

    public ScratchDatabase() => Directory.CreateDirectory(_folder);

    /// <summary>A context of its own on the file, as each request or worker would have.</summary>
    public SqliteCoursesDbContext NewContext() => new(new DbContextOptionsBuilder<SqliteCoursesDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_folder, "courses.db")}").Options);

    public Task DeleteAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS if SQLite still holds the file.
        }

        return Task.CompletedTask;
    }
}
