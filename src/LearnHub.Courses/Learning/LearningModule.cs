using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Learning.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Learning;

/// <summary>Learning: validated watching of lessons, quizzes and satisfaction surveys.</summary>
internal static class LearningModule
{
    public static IServiceCollection AddLearning(this IServiceCollection services)
    {
        services.AddSingleton(sp => WatchingRules.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<PlaybackTracker>();
        services.AddScoped<WatchingService>();
        services.AddScoped<LessonCompletion>();
        services.AddScoped<ProgressQueries>();
        services.AddSingleton<ProgressFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<ProgressFlusher>());
        services.AddAssessments();
        return services;
    }
}
