using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Compliance.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Courses.Compliance;

/// <summary>Compliance: the training-hour ledger, the rules per year, curricula, plans and assignments.</summary>
internal static class ComplianceModule
{
    public static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        services.AddScoped<TrainingLedger>();
        services.AddScoped<TrainingRecordImporter>();
        services.AddScoped<RuleBook>();
        services.AddScoped<IOnlineCreditRules, ActiveOnlineCredit>();
        services.AddScoped<YearTurnover>();
        services.AddScoped<ComplianceQueries>();
        services.AddScoped<CurriculumQueries>();
        services.AddScoped<PlanQueries>();
        return services;
    }
}
