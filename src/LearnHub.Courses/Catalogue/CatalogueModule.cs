using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Catalogue;

/// <summary>The catalogue: courses, their lessons and notes.</summary>
internal static class CatalogueModule
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddScoped<CatalogueQueries>();
        return services;
    }
}
