using LearnHub.Courses.Registry.Import;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Registry;

/// <summary>The registry: supervising units, organizations, people and their tiers, the lecturer pool, and the roster import.</summary>
internal static class RegistryModule
{
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddScoped<RosterImporter>();
        return services;
    }
}
