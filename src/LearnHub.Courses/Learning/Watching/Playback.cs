namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// One trainee's watching of one lesson (课时观看进度), held in memory between flushes to the
/// database. Several playbacks (tabs) of the same person share it; its lock guards the coverage.
/// </summary>
public sealed class LessonWatch(int personId, int lessonId, int courseId, double durationSeconds, bool restrictSeekingOnFirstViewing,
    Coverage coverage, DateTimeOffset? completedAt)
{
    public int PersonId { get; } = personId;

    public int LessonId { get; } = lessonId;

    public int CourseId { get; } = courseId;

    public double DurationSeconds { get; } = durationSeconds;

    public bool RestrictSeekingOnFirstViewing { get; } = restrictSeekingOnFirstViewing;

    public Coverage Coverage { get; } = coverage;

    public DateTimeOffset? CompletedAt { get; private set; } = completedAt;

    /// <summary>Grows with every change, so the flusher can tell what it has already written.</summary>
    public long Version { get; private set; }

    internal Lock Gate { get; } = new();

    /// <summary>Seeking ahead is held back until the lesson has been completed once.</summary>
    public bool SeekingRestricted => RestrictSeekingOnFirstViewing && CompletedAt is null;

    public double Ratio => DurationSeconds <= 0 ? 0 : Math.Min(1, Coverage.CoveredSeconds / DurationSeconds);

    public bool IsCovered(WatchingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Ratio >= rules.CompletionRatio;
    }

    public void Completed(DateTimeOffset at)
    {
        lock (Gate)
        {
            CompletedAt ??= at;
        }
    }

    internal void Changed() => Version++;
}

/// <summary>What a player sends: the stretches of media it played since its last report.</summary>
public sealed record PlayedSegment(double From, double To, bool Hidden = false);

public enum ReportStatus
{
    /// <summary>The report was counted (possibly for nothing, e.g. while paused).</summary>
    Counted,
    /// <summary>A newer playback of the same person took over; this one earns nothing.</summary>
    Superseded,
    /// <summary>An attention check is waiting for an answer; nothing is credited until then.</summary>
    CheckPending,
}

/// <summary>A server-issued attention check (专注度确认): the trainee types the number shown.</summary>
public sealed record AttentionCheck(Guid Id, int Number, DateTimeOffset IssuedAt);

public sealed record ReportOutcome(ReportStatus Status, double CreditedSeconds, double CoveredSeconds, double FurthestSeconds,
    double Ratio, bool SeekRejected, bool OverRate, bool HiddenIgnored, AttentionCheck? Check, bool Covered, bool Completed)
{
    /// <summary>Where the player must stay behind on a first viewing; null when seeking is free.</summary>
    public double? SeekLimit { get; init; }
}

/// <summary>
/// One playback (播放) of a lesson in one tab or device. The server credits only the media it
/// can believe was watched: no more than wall-clock time × the maximum rate since the last report,
/// nothing while the page was hidden or a check is unanswered, nothing past the furthest watched
/// point on a first viewing, and nothing once another playback of the same person took over.
/// </summary>
public sealed class Playback
{
    private double _nextCheckAfter;

    // Budget a crediting report left unused, up to the jitter allowance: see Report.
    private double _carry;

    public Playback(Guid id, LessonWatch watch, DateTimeOffset startedAt, WatchingRules rules, Random random)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);
        Id = id;
        Watch = watch;
        StartedAt = startedAt;
        LastReportAt = startedAt;
        _nextCheckAfter = DrawCheckGap(rules, random);
    }

    public Guid Id { get; }

    public LessonWatch Watch { get; }

    public int PersonId => Watch.PersonId;

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset LastReportAt { get; private set; }

    public bool Superseded { get; private set; }

    /// <summary>The page said it was hidden at its last report: what follows until it is visible again earns nothing.</summary>
    public bool Hidden { get; private set; }

    public AttentionCheck? PendingCheck { get; private set; }

    public double CreditedSinceCheck { get; private set; }

    public void Supersede() => Superseded = true;

    public ReportOutcome Report(IReadOnlyList<PlayedSegment> segments, bool visible, DateTimeOffset now, WatchingRules rules, Random random)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);
        lock (Watch.Gate)
        {
            var wall = Math.Max(0, (now - LastReportAt).TotalSeconds);
            LastReportAt = now;
            var wasHidden = Hidden;
            Hidden = !visible;
            if (Superseded)
            {
                return Outcome(ReportStatus.Superseded, 0, false, false, false, rules);
            }

            if (PendingCheck is not null)
            {
                return Outcome(ReportStatus.CheckPending, 0, false, false, false, rules);
            }

            // Wall clock is measured between arrivals at the server, so a report delayed on the way
            // shortens the gap to the next one. What a crediting report left unused carries over,
            // capped at the jitter allowance, so that delay does not cost the next report; overall
            // credit stays within the max rate × (wall clock + the allowance).
            var budget = wasHidden ? 0 : (wall * rules.MaxRate) + _carry;
            _carry = 0;
            var credited = 0.0;
            bool seekRejected = false, overRate = false, hiddenIgnored = wasHidden && segments.Count > 0;
            var duration = Watch.DurationSeconds;
            foreach (var segment in segments.Take(rules.MaxSegmentsPerReport))
            {
                if (segment.Hidden)
                {
                    hiddenIgnored = true;
                    continue;
                }

                if (!double.IsFinite(segment.From) || !double.IsFinite(segment.To))
                {
                    continue;
                }

                var from = Math.Clamp(segment.From, 0, duration);
                var to = Math.Clamp(segment.To, 0, duration);
                if (to <= from)
                {
                    continue;
                }

                if (Watch.SeekingRestricted && from > Watch.Coverage.Furthest + rules.SeekToleranceSeconds)
                {
                    seekRejected = true;
                    continue;
                }

                if (to - from > budget)
                {
                    overRate = true;
                    to = from + budget;
                }

                if (to <= from)
                {
                    continue;
                }

                budget -= to - from;
                credited += Watch.Coverage.Add(new MediaInterval(from, to), rules.MaxIntervals);
            }

            if (credited > 0)
            {
                _carry = Math.Min(budget, rules.ReportJitterSeconds * rules.MaxRate);
                Watch.Changed();
                CreditedSinceCheck += credited;
                if (duration >= rules.AttentionCheckMinDurationSeconds && CreditedSinceCheck >= _nextCheckAfter && !Watch.IsCovered(rules))
                {
                    PendingCheck = new AttentionCheck(Guid.NewGuid(), random.Next(1, 10), now);
                }
            }

            return Outcome(PendingCheck is null ? ReportStatus.Counted : ReportStatus.CheckPending, credited, seekRejected, overRate, hiddenIgnored, rules);
        }
    }

    /// <summary>True when the answer clears the pending check; crediting resumes from now.</summary>
    public bool Answer(Guid checkId, int answer, DateTimeOffset now, WatchingRules rules, Random random)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);
        lock (Watch.Gate)
        {
            if (Superseded || PendingCheck is not { } check || check.Id != checkId || check.Number != answer)
            {
                return false;
            }

            PendingCheck = null;
            CreditedSinceCheck = 0;
            _nextCheckAfter = DrawCheckGap(rules, random);
            // The time spent away before answering is not a budget for the next report.
            LastReportAt = now;
            _carry = 0;
            return true;
        }
    }

    private ReportOutcome Outcome(ReportStatus status, double credited, bool seekRejected, bool overRate, bool hiddenIgnored, WatchingRules rules) =>
        new(status, Math.Round(credited, 1), Watch.Coverage.CoveredSeconds, Watch.Coverage.Furthest, Watch.Ratio, seekRejected, overRate,
            hiddenIgnored, PendingCheck, Watch.IsCovered(rules), Watch.CompletedAt is not null)
        {
            SeekLimit = Watch.SeekingRestricted ? Watch.Coverage.Furthest : null,
        };

    // Checks come at unpredictable moments (70%–130% of the interval) so they cannot be anticipated.
    private static double DrawCheckGap(WatchingRules rules, Random random) =>
        rules.AttentionCheckIntervalSeconds * (0.7 + (0.6 * random.NextDouble()));
}
