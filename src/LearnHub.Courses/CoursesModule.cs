using LearnHub.Courses.Calendar;
using LearnHub.DataAccess;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry;
using LearnHub.Courses.Learning;
using LearnHub.Courses.LectureHall;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Courses;

/// <summary>Registers the Courses module: its database, services and queries.</summary>
public static class CoursesModule
{
    public const string HistoryTable = "__courses_migrations";

    public static IHostApplicationBuilder AddCoursesModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ProgrammeOptions>()
            .BindConfiguration(ProgrammeOptions.Section)
            .Validate(o => o.FindZone() is not null, "LearnHub:TimeZone is not a time zone this machine knows; give an IANA id such as Asia/Shanghai.")
            .ValidateOnStart();
        // Built on the container's TimeProvider, so a test that replaces it moves the programme's clock too.
        builder.Services.AddSingleton(sp => new ProgrammeClock(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProgrammeOptions>>().Value.FindZone()));
        builder.Services.AddProviderContexts<CoursesDbContext, SqliteCoursesDbContext, PostgresCoursesDbContext>(HistoryTable);
        builder.Services.AddScoped<DemoContentLoader>();
        // One registration per bounded context (docs/architecture.md says which may use which).
        builder.Services.AddRegistry();
        builder.Services.AddCatalogue();
        builder.Services.AddLectureHall();
        builder.Services.AddLearning();
        builder.Services.AddCompliance();
        return builder;
    }

    /// <summary>Creates or upgrades the module's tables.</summary>
    public static async Task MigrateCoursesAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.PrepareAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Database.MigrateAsync(cancellationToken);
        // The year is opened before anything reads it (a server started on 2 January carries last year's rules and
        // curricula forward first); last year gets rules too, so reports and the admin page have something to show
        // from the first start. The presets are reference data, not demo content: every installation starts with them.
        var opened = await scope.ServiceProvider.GetRequiredService<YearTurnover>().RunAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<RuleBook>().EnsureYearAsync(opened.Year - 1, cancellationToken);
    }
}
