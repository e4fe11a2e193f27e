namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// The settings of validated watching, from configuration section "LearnHub:Watching". Defaults
/// follow the programme's expectations: credit up to 1.5× speed, complete at 95% coverage.
/// </summary>
public sealed record WatchingRules
{
    public const string Section = "LearnHub:Watching";

    /// <summary>Media seconds a report may add per wall-clock second: faster playback earns nothing extra.</summary>
    public double MaxRate { get; init; } = 1.5;

    /// <summary>
    /// How late a report may arrive without costing credit: unused budget of up to this many
    /// wall-clock seconds (× the max rate) carries to the next report.
    /// </summary>
    public double ReportJitterSeconds { get; init; } = 2;

    /// <summary>Share of a lesson's media that must be covered for the lesson to count.</summary>
    public double CompletionRatio { get; init; } = 0.95;

    /// <summary>How far beyond the furthest watched point a segment may start on a first viewing (player jitter).</summary>
    public double SeekToleranceSeconds { get; init; } = 2;

    /// <summary>Videos at least this long get attention checks.</summary>
    public double AttentionCheckMinDurationSeconds { get; init; } = 20 * 60;

    /// <summary>Average credited seconds between attention checks; each gap is drawn at random around it.</summary>
    public double AttentionCheckIntervalSeconds { get; init; } = 10 * 60;

    /// <summary>The soonest a check falls due after a playback starts, however much was credited unchecked before.</summary>
    public double AttentionCheckMinLeadSeconds { get; init; } = 30;

    /// <summary>Wrong answers that end a check as missed.</summary>
    public int MaxWrongAnswers { get; init; } = 3;

    /// <summary>After a missed check, how long until the next is put; crediting stays stopped meanwhile.</summary>
    public double MissedCheckPauseSeconds { get; init; } = 60;

    /// <summary>
    /// Credit only media the server delivered to the playback (its segments fetched through the
    /// playback's signed URLs). Off only for players that fetch media some other way.
    /// </summary>
    public bool RequireDeliveryEvidence { get; init; } = true;

    /// <summary>How often the player should report.</summary>
    public int ReportIntervalSeconds { get; init; } = 12;

    /// <summary>How often, in seconds, changed progress is written to the database; a crash loses at most this much.</summary>
    public double FlushSeconds { get; init; } = 2;

    public TimeSpan FlushInterval => TimeSpan.FromSeconds(FlushSeconds);

    /// <summary>A playback not heard from for this long is forgotten (its progress is already written).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public int MaxSegmentsPerReport { get; init; } = 32;

    /// <summary>Separate watched stretches kept per lesson; bounds the stored row.</summary>
    public int MaxIntervals { get; init; } = 200;

    /// <summary>Whether every setting is within the range the crediting rules were made for.</summary>
    internal bool IsWithinLimits() =>
        MaxRate is >= 1 and <= 16
        && CompletionRatio is >= 0.5 and <= 1
        && AttentionCheckMinDurationSeconds >= 60
        && AttentionCheckIntervalSeconds >= 60
        && AttentionCheckMinLeadSeconds is >= 5 and <= 600
        && MaxWrongAnswers is >= 1 and <= 10
        && MissedCheckPauseSeconds is >= 10 and <= 3600
        && FlushSeconds is >= 0.1 and <= 60;
}
