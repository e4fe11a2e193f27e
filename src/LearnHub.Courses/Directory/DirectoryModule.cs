using LearnHub.Courses.Directory.Import;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Directory;

/// <summary>The directory: supervising units, organizations, people and their tiers, the lecturer pool, and the roster import.</summary>
internal static class DirectoryModule
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddScoped<RosterImporter>();
        return services;
    }
}
