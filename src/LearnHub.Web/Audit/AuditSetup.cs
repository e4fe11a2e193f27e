namespace LearnHub.Web.Audit;

/// <summary>How long audit lines are kept (<c>LearnHub:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "LearnHub:Audit";

    /// <summary>The least the graded-protection rules allow: six months.</summary>
    public const int MinimumRetentionDays = 180;

    /// <summary>Days a line is kept; values under <see cref="MinimumRetentionDays"/> count as the minimum.</summary>
    public int RetentionDays { get; set; } = MinimumRetentionDays;

    public int EffectiveRetentionDays => Math.Max(MinimumRetentionDays, RetentionDays);
}

internal static class AuditSetup
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AccountAuditMirror>();
        services.AddScoped<AuditLogQueries>();
        services.AddHostedService<AuditRetentionWorker>();
        return services;
    }
}
