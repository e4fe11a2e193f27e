using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearnHub.DataAccess;

/// <summary>
/// Registers a module's DbContext the one way every module does: a subclass per provider (each with its own
/// migrations), and the module's context resolved to the one the configured provider uses.
/// </summary>
public static class ProviderContexts
{
    /// <param name="services">The container.</param>
    /// <param name="historyTable">The module's own migration-history table, so modules migrate independently in one database.</param>
    /// <param name="configure">More options for both providers' contexts (interceptors).</param>
    public static IServiceCollection AddProviderContexts<TContext, TSqlite, TPostgres>(this IServiceCollection services, string historyTable,
        Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        services.AddDatabaseOptions();
        void Options(IServiceProvider sp, DbContextOptionsBuilder o)
        {
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Apply(o, historyTable);
            configure?.Invoke(sp, o);
        }

        services.AddDbContext<TSqlite>(Options);
        services.AddDbContext<TPostgres>(Options);
        services.AddScoped<TContext>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.UsesPostgres
            ? sp.GetRequiredService<TPostgres>()
            : sp.GetRequiredService<TSqlite>());
        return services;
    }

    /// <summary>
    /// Binds <see cref="DatabaseOptions"/> once however many modules ask. Read when first needed, so a host (or a
    /// test) can still change the settings after the modules registered themselves.
    /// </summary>
    public static IServiceCollection AddDatabaseOptions(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(IValidateOptions<DatabaseOptions>)))
        {
            return services;
        }

        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString = configuration.GetConnectionString("LearnHub") ?? "";
                if (!options.UsesPostgres && string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    var dataPath = configuration["LearnHub:DataPath"] ?? "data";
                    Directory.CreateDirectory(dataPath);
                    options.ConnectionString = DatabaseOptions.SqliteIn(dataPath);
                }
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Database:Provider is Postgres but ConnectionStrings:LearnHub is not set.")
            .ValidateOnStart();
        return services;
    }
}
