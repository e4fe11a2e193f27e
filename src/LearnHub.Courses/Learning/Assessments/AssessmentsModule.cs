using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>Quizzes and satisfaction surveys.</summary>
internal static class AssessmentsModule
{
    public static IServiceCollection AddAssessments(this IServiceCollection services)
    {
        services.AddScoped<QuizService>();
        services.AddScoped<QuizQueries>();
        services.AddScoped<ILessonQuizGate, LessonQuizGate>();
        services.AddScoped<IClosingQuizResults, ClosingQuizResults>();
        services.AddScoped<QuestionImporter>();
        services.AddScoped<SurveyEligibility>();
        services.AddScoped<SurveyService>();
        services.AddScoped<SurveyQueries>();
        services.AddScoped<AssessmentDemoContent>();
        return services;
    }
}
