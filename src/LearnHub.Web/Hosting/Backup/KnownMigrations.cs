using System.Reflection;
using LearnHub.DataAccess;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>
/// The migrations this build of LearnHub holds, per module (history table) and provider, read from the migration
/// classes themselves: no DbContext is made, so nothing touches a database. A restore refuses a backup whose last
/// migration this build does not know (a newer LearnHub made it) and says when LearnHub will migrate it forward.
/// </summary>
internal static class KnownMigrations
{
    /// <summary>Each module's history table and its DbContext for each provider.</summary>
    private static readonly IReadOnlyList<(string HistoryTable, Type Sqlite, Type Postgres)> Modules =
    [
        (Courses.CoursesModule.HistoryTable, typeof(Courses.Data.SqliteCoursesDbContext), typeof(Courses.Data.PostgresCoursesDbContext)),
        (Media.Data.MediaDbContext.HistoryTable, typeof(Media.Data.SqliteMediaDbContext), typeof(Media.Data.PostgresMediaDbContext)),
        (Identity.AppIdentityDbContext.HistoryTable, typeof(Identity.SqliteIdentityDbContext), typeof(Identity.PostgresIdentityDbContext)),
    ];

    public static IEnumerable<string> HistoryTables => Modules.Select(m => m.HistoryTable);

    /// <summary>The module's migration ids for the provider, in order.</summary>
    public static IReadOnlyList<string> Of(string historyTable, DatabaseProvider provider)
    {
        var module = Modules.Single(m => m.HistoryTable == historyTable);
        var context = provider == DatabaseProvider.Postgres ? module.Postgres : module.Sqlite;
        return context.Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == context)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
