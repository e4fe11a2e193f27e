using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearnHub.Courses.Data;

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteCoursesDesignFactory : IDesignTimeDbContextFactory<SqliteCoursesDbContext>
{
    public SqliteCoursesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCoursesDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(CoursesModule.HistoryTable)).Options);
}

internal sealed class PostgresCoursesDesignFactory : IDesignTimeDbContextFactory<PostgresCoursesDbContext>
{
    public PostgresCoursesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCoursesDbContext>()
            .UseNpgsql("Host=localhost;Database=learnhub_design", o => o.MigrationsHistoryTable(CoursesModule.HistoryTable)).Options);
}
