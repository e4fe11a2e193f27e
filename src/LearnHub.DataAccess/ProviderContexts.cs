using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.DataAccess;

/// <summary>
/// Registers a module's DbContext the one way every module does: a subclass per provider (each with its own
/// migrations), and the module's context resolved to the one the configured provider uses.
/// </summary>
public static class ProviderContexts
{
    /// <param name="services">The container.</param>
    /// <param name="usesPostgres">Whether the configured provider is PostgreSQL (else SQLite).</param>
    /// <param name="configure">Points a context's options at the configured database.</param>
    public static IServiceCollection AddProviderContexts<TContext, TSqlite, TPostgres>(this IServiceCollection services,
        Func<IServiceProvider, bool> usesPostgres, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : DbContext
        where TSqlite : TContext
        where TPostgres : TContext
    {
        ArgumentNullException.ThrowIfNull(usesPostgres);
        services.AddDbContext<TSqlite>(configure);
        services.AddDbContext<TPostgres>(configure);
        services.AddScoped<TContext>(sp => usesPostgres(sp) ? sp.GetRequiredService<TPostgres>() : sp.GetRequiredService<TSqlite>());
        return services;
    }
}
