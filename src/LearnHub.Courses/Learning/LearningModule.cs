using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Learning.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearnHub.Courses.Learning;

/// <summary>Learning: validated watching of lessons, quizzes and satisfaction surveys.</summary>
internal static class LearningModule
{
    public static IServiceCollection AddLearning(this IServiceCollection services)
    {
        services.AddOptions<WatchingRules>().BindConfiguration(WatchingRules.Section)
            .Validate(rules => rules.IsWithinLimits(),
                "LearnHub:Watching is out of range: MaxRate 1–16, CompletionRatio 0.5–1, attention-check seconds at least 60, AttentionCheckMinLeadSeconds 5–600, MaxWrongAnswers 1–10, MissedCheckPauseSeconds 10–3600, FlushSeconds 0.1–60.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<WatchingRules>>().Value);
        services.AddSingleton<PlaybackTracker>();
        services.AddScoped<WatchingService>();
        services.AddScoped<CourseCredit>();
        services.AddScoped<WatchingAudit>();
        services.AddScoped<LessonCompletion>();
        services.AddScoped<ReadingService>();
        services.AddScoped<ProgressQueries>();
        services.AddSingleton<ProgressFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<ProgressFlusher>());
        services.AddAssessments();
        return services;
    }
}
