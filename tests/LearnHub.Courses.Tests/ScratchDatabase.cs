using LearnHub.Courses.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LearnHub.Courses.Tests;

/// <summary>A SQLite file of a test's own in a folder of its own, removed when the test is done.</summary>
internal sealed class ScratchDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "learnhub-courses-tests", Guid.NewGuid().ToString("N"));

    public ScratchDatabase() => Directory.CreateDirectory(_folder);

    /// <summary>A context of its own on the file, as each request or worker would have; interceptors let a test stage a race.</summary>
    public SqliteCoursesDbContext NewContext(params IInterceptor[] interceptors) => new(new DbContextOptionsBuilder<SqliteCoursesDbContext>()
        .UseSqlite($"Data Source={Path.Combine(_folder, "courses.db")}").AddInterceptors(interceptors).Options);

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
