using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearnHub.Web.Tests;

/// <summary>
/// Every DbContext, for SQLite and for PostgreSQL, has a migration for each change to its model: a model edited
/// without `scripts/add-migration.sh` would start on a fresh database and fail on the first query that meets it.
/// </summary>
public sealed class MigrationsTests
{
    // Each context has a design-time factory per provider (what `dotnet ef` builds it with); finding them by
    // reflection means a new context is checked without anyone remembering to add it here.
    public static TheoryData<string> DesignTimeFactories()
    {
        var data = new TheoryData<string>();
        foreach (var factory in FactoryTypes())
        {
            data.Add(factory.FullName!);
        }

        return data;
    }

    [Fact]
    public void Each_of_the_three_modules_has_a_context_per_provider() =>
        Assert.Equal(6, FactoryTypes().Count());

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void The_model_has_no_changes_without_a_migration(string factoryName)
    {
        var type = FactoryTypes().Single(t => t.FullName == factoryName);
        var factory = Activator.CreateInstance(type, nonPublic: true)!;
        var create = type.GetMethod(nameof(IDesignTimeDbContextFactory<DbContext>.CreateDbContext))!;
        using var db = (DbContext)create.Invoke(factory, [Array.Empty<string>()])!;

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"{db.GetType().Name} has model changes without a migration: run scripts/add-migration.sh <ChangeName>.");
    }

    private static IEnumerable<Type> FactoryTypes() =>
        new[] { typeof(Courses.CoursesModule).Assembly, typeof(Media.MediaModule).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
