using System.Diagnostics.Metrics;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Web.Hosting;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// Check-ins at the venue, counted where trainees post their code: accepted, or refused with the reason they were
/// shown. The demo's check-ins, written straight through the attendance book, are not people checking in and are not counted.
/// </summary>
public sealed class CheckInMetrics(LearnHubMeter meter)
{
    /// <summary>Refused before the code was looked at: too many wrong codes in a row.</summary>
    public const string TooManyAttempts = "too_many_attempts";

    // One tag per outcome, built once: the names operators read on the dashboard (snake case, as Prometheus labels go).
    private static readonly Dictionary<CheckInOutcome, KeyValuePair<string, object?>> Outcomes = Enum.GetValues<CheckInOutcome>()
        .ToDictionary(o => o, o => Tag(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString())));

    private static readonly KeyValuePair<string, object?> Throttled = Tag(TooManyAttempts);

    private readonly Counter<long> _attempts = meter.Meter.CreateCounter<long>("learnhub.checkin.attempts", "{attempt}",
        "Check-in attempts at lecture-hall sessions, by outcome: checked_in, already_checked_in, or the reason it was refused.");

    public void Attempted(CheckInOutcome outcome) => _attempts.Add(1, Outcomes[outcome]);

    public void Throttle() => _attempts.Add(1, Throttled);

    private static KeyValuePair<string, object?> Tag(string outcome) => new("outcome", outcome);
}
