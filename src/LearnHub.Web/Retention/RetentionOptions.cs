namespace LearnHub.Web.Retention;

/// <summary>
/// How long LearnHub keeps personal or bulky records that no statistic needs (<c>LearnHub:Retention:&lt;Kind&gt;Days</c>).
/// The audit log has its own period (<see cref="Audit.AuditOptions"/>); the ledger, attendance, completions and
/// enrolments are kept for good, since the compliance figures of every year are read from them.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "LearnHub:Retention";

    /// <summary>
    /// Playback evidence (viewing intervals and deliveries, attention-check answers) of lessons the person has not
    /// completed. Evidence behind a completed lesson is never swept: it is what a completion and its ledger line were
    /// credited on, and a dispute or a reversal reads it for as long as the line stands.
    /// </summary>
    public int PlaybackEvidenceDays { get; set; } = 365;

    /// <summary>In-app notifications, read or not.</summary>
    public int NotificationDays { get; set; } = 180;

    /// <summary>Sent or failed mail and SMS in the outboxes: they hold addresses, mobile numbers and message bodies.</summary>
    public int OutboxDays { get; set; } = 30;

    /// <summary>Activation, sign-in and reset codes past their expiry, and the record of code requests per address.</summary>
    public int AccountCodeDays { get; set; } = 30;

    public bool IsValid => PlaybackEvidenceDays > 0 && NotificationDays > 0 && OutboxDays > 0 && AccountCodeDays > 0;
}

/// <summary>What one sweep removed, per kind.</summary>
public sealed record RetentionSweep(int PlaybackRecords, int WatchChecks, int Notifications, int Mail, int Sms, int AccountCodes, int CodeRequests)
{
    public int Total => PlaybackRecords + WatchChecks + Notifications + Mail + Sms + AccountCodes + CodeRequests;

    public override string ToString() =>
        $"playback {PlaybackRecords}, checks {WatchChecks}, notifications {Notifications}, mail {Mail}, sms {Sms}, codes {AccountCodes}, code requests {CodeRequests}";
}

internal static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.IsValid, "LearnHub:Retention: every period must be a positive number of days.")
            .ValidateOnStart();
        services.AddScoped<RetentionSweeper>();
        services.AddHostedService<RetentionWorker>();
        return services;
    }
}
