using System.Diagnostics.Metrics;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Hosting;

namespace LearnHub.Web.Features.Learning.Watching;

/// <summary>
/// What the player's heartbeats do. Counted at the endpoint, on the benchmarked path: an Add with a constant tag,
/// nothing allocated per report.
/// </summary>
internal sealed class PlaybackMetrics(LearnHubMeter meter)
{
    private static readonly KeyValuePair<string, object?> Counted = new("outcome", "counted");
    private static readonly KeyValuePair<string, object?> CheckPending = new("outcome", "check_pending");
    private static readonly KeyValuePair<string, object?> Superseded = new("outcome", "superseded");
    private static readonly KeyValuePair<string, object?> Unknown = new("outcome", "unknown_playback");
    private static readonly KeyValuePair<string, object?> TooLarge = new("outcome", "refused");

    private readonly Counter<long> _heartbeats = meter.Meter.CreateCounter<long>("learnhub.playback.heartbeats", "{heartbeat}",
        "Heartbeats received from players, by outcome.");

    private readonly Counter<long> _credited = meter.Meter.CreateCounter<long>("learnhub.playback.heartbeats.credited", "{heartbeat}",
        "Heartbeats that credited watching time.");

    private readonly Counter<double> _creditedSeconds = meter.Meter.CreateCounter<double>("learnhub.playback.credited", "s",
        "Watching time credited.");

    public void Received(ReportOutcome? outcome)
    {
        if (outcome is null)
        {
            _heartbeats.Add(1, Unknown);
            return;
        }

        _heartbeats.Add(1, outcome.Status switch
        {
            ReportStatus.Superseded => Superseded,
            ReportStatus.CheckPending => CheckPending,
            _ => Counted,
        });
        if (outcome.CreditedSeconds > 0)
        {
            _credited.Add(1);
            _creditedSeconds.Add(outcome.CreditedSeconds);
        }
    }

    /// <summary>A report refused before it reached the tracker (too many segments).</summary>
    public void Refused() => _heartbeats.Add(1, TooLarge);
}
