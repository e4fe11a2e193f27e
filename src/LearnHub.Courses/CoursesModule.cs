using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Content;
using LearnHub.Courses.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Ledger;
using LearnHub.Courses.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Courses;

/// <summary>Registers the Courses module: its database, services and queries.</summary>
public static class CoursesModule
{
    public const string HistoryTable = "__courses_migrations";

    public static IHostApplicationBuilder AddCoursesModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Settings are read when first needed, so a host (or a test) can set them after this call.
        builder.Services.AddSingleton(sp => DatabaseSettings.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddDbContext<SqliteCoursesDbContext>((sp, o) => sp.GetRequiredService<DatabaseSettings>().Apply(o, HistoryTable));
        builder.Services.AddDbContext<PostgresCoursesDbContext>((sp, o) => sp.GetRequiredService<DatabaseSettings>().Apply(o, HistoryTable));
        builder.Services.AddScoped<CoursesDbContext>(sp => sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresCoursesDbContext>()
            : sp.GetRequiredService<SqliteCoursesDbContext>());
        builder.Services.AddScoped<CatalogueQueries>();
        builder.Services.AddScoped<CurriculumQueries>();
        builder.Services.AddScoped<RosterImporter>();
        builder.Services.AddScoped<DemoContentLoader>();
        builder.Services.AddScoped<TrainingLedger>();
        builder.Services.AddScoped<LiveLectures>();
        return builder;
    }

    /// <summary>Creates or upgrades the module's tables.</summary>
    public static async Task MigrateCoursesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseSettings>().PrepareAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Database.MigrateAsync(cancellationToken);
    }
}
