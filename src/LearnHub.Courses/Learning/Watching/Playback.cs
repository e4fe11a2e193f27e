namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// One trainee's watching of one lesson (课时观看进度), held in memory between flushes to the
/// database. Several playbacks (tabs) of the same person share it; its lock guards the coverage and
/// the attention checks, which belong to the lesson's watching, not to one playback: starting
/// again does not skip a check.
/// </summary>
public sealed class LessonWatch(int personId, int lessonId, int courseId, double durationSeconds, bool restrictSeekingOnFirstViewing,
    Coverage coverage, DateTimeOffset? completedAt, double uncheckedSeconds = 0)
{
    public int PersonId { get; } = personId;

    public int LessonId { get; } = lessonId;

    public int CourseId { get; } = courseId;

    public double DurationSeconds { get; } = durationSeconds;

    public bool RestrictSeekingOnFirstViewing { get; } = restrictSeekingOnFirstViewing;

    public Coverage Coverage { get; } = coverage;

    public DateTimeOffset? CompletedAt { get; private set; } = completedAt;

    /// <summary>Media credited since the last passed check; stored, so coming back later does not reset it.</summary>
    public double UncheckedSeconds { get; private set; } = uncheckedSeconds;

    /// <summary>When the next check falls due on the server's clock; null while none is scheduled.</summary>
    public DateTimeOffset? CheckDueAt { get; private set; }

    /// <summary>A check fell due and has not been passed: nothing is credited until one is.</summary>
    public bool Held { get; private set; }

    /// <summary>The check to answer; null while held after a missed check, until the next one is put.</summary>
    public AttentionCheck? PendingCheck { get; private set; }

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

    internal bool ChecksApply(WatchingRules rules) => DurationSeconds >= rules.AttentionCheckMinDurationSeconds && !IsCovered(rules);

    /// <summary>
    /// Schedules the next check when a playback starts and none is: it falls due after a random gap of
    /// wall-clock time, less what was credited unchecked before, whatever the player reports.
    /// </summary>
    internal void Schedule(DateTimeOffset now, WatchingRules rules, Random random)
    {
        if (CheckDueAt is null && !Held && ChecksApply(rules))
        {
            CheckDueAt = now.AddSeconds(Math.Max(rules.AttentionCheckMinLeadSeconds, DrawCheckGap(rules, random) - UncheckedSeconds));
        }
    }

    /// <summary>Puts the check that fell due (or the one after a missed check's pause); returns it when new.</summary>
    internal AttentionCheck? PutDueCheck(Guid playbackId, DateTimeOffset now, WatchingRules rules)
    {
        if (PendingCheck is not null || CheckDueAt is not { } due || now < due)
        {
            return null;
        }

        if (!Held && !ChecksApply(rules))
        {
            CheckDueAt = null;
            return null;
        }

        Held = true;
        CheckDueAt = null;
        PendingCheck = new AttentionCheck(Guid.NewGuid(), playbackId, Attention.AttentionCode.New(), due);
        Changed();
        return PendingCheck;
    }

    internal AnswerResult Answer(Guid checkId, string? answer, DateTimeOffset now, WatchingRules rules, Random random)
    {
        if (PendingCheck is not { } check || check.Id != checkId)
        {
            return AnswerResult.Unknown;
        }

        var result = check.Answer(answer, now, rules.MaxWrongAnswers);
        if (result == AnswerResult.Accepted)
        {
            PendingCheck = null;
            Held = false;
            UncheckedSeconds = 0;
            CheckDueAt = now.AddSeconds(DrawCheckGap(rules, random));
            Changed();
        }
        else if (result == AnswerResult.Missed)
        {
            // Still held: the next check is put after a pause, so guessing costs real time.
            PendingCheck = null;
            CheckDueAt = now.AddSeconds(rules.MissedCheckPauseSeconds);
            Changed();
        }

        return result;
    }

    internal void Credited(double seconds)
    {
        UncheckedSeconds += seconds;
        Changed();
    }

    internal void Changed() => Version++;

    // Checks come at unpredictable moments (70%–130% of the interval) so they cannot be anticipated.
    private static double DrawCheckGap(WatchingRules rules, Random random) =>
        rules.AttentionCheckIntervalSeconds * (0.7 + (0.6 * random.NextDouble()));
}

/// <summary>What a player sends: the stretches of media it played since its last report.</summary>
public sealed record PlayedSegment(double From, double To, bool Hidden = false);

public enum ReportStatus
{
    /// <summary>The report was counted (possibly for nothing, e.g. while paused).</summary>
    Counted,
    /// <summary>A newer playback of the same person took over; this one earns nothing.</summary>
    Superseded,
    /// <summary>An attention check is waiting for an answer (or, after a missed one, to be put); nothing is credited until one is passed.</summary>
    CheckPending,
}

public sealed record ReportOutcome(ReportStatus Status, double CreditedSeconds, double CoveredSeconds, double FurthestSeconds,
    double Ratio, bool SeekRejected, bool OverRate, bool HiddenIgnored, AttentionCheck? Check, bool Covered, bool Completed)
{
    /// <summary>Where the player must stay behind on a first viewing; null when seeking is free.</summary>
    public double? SeekLimit { get; init; }

    /// <summary>Part of what the report claimed was never delivered to this playback (or not before it was said to be played).</summary>
    public bool Undelivered { get; init; }

    /// <summary>While held after a missed check: when the next check is put.</summary>
    public DateTimeOffset? NextCheckAt { get; init; }
}

/// <summary>
/// One playback (播放) of a lesson in one tab or device. The server credits only the media it
/// can believe was watched: what it delivered to this playback, no more than wall-clock time × the
/// maximum rate since the last report and never past the moment a check fell due, nothing while
/// the page was hidden or a check is unanswered, nothing past the furthest watched point on a first
/// viewing, and nothing once another playback of the same person took over.
/// </summary>
public sealed class Playback
{
    // Budget a crediting report left unused, up to the jitter allowance: see Report.
    private double _carry;

    public Playback(Guid id, LessonWatch watch, DateTimeOffset startedAt, WatchingRules rules, Random random, string device = "")
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);
        Id = id;
        Watch = watch;
        StartedAt = startedAt;
        LastReportAt = startedAt;
        Device = device;
        lock (watch.Gate)
        {
            if (watch.PendingCheck is { } open)
            {
                // An open check follows the trainee to the new tab: starting again does not skip it.
                open.PlaybackId = id;
            }

            watch.Schedule(startedAt, rules, random);
        }
    }

    public Guid Id { get; }

    public LessonWatch Watch { get; }

    /// <summary>The video this playback was issued URLs for: only its segments count as delivered.</summary>
    public Guid MediaAssetId { get; init; }

    public int PersonId => Watch.PersonId;

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset LastReportAt { get; private set; }

    /// <summary>The browser or app that played, as it named itself, for the evidence record.</summary>
    public string Device { get; }

    public bool Superseded { get; private set; }

    /// <summary>The page said it was hidden at its last report: what follows until it is visible again earns nothing.</summary>
    public bool Hidden { get; private set; }

    public DeliveredMedia Delivered { get; } = new();

    /// <summary>What this playback earned, as watched intervals, for the evidence record.</summary>
    public Coverage Earned { get; } = new();

    public AttentionCheck? PendingCheck => Watch.PendingCheck;

    public void Supersede() => Superseded = true;

    /// <summary>A segment of the lesson's media was served through this playback's URLs.</summary>
    public void Deliver(double start, double end, DateTimeOffset at)
    {
        lock (Watch.Gate)
        {
            Delivered.Add(start, end, at);
        }
    }

    public ReportOutcome Report(IReadOnlyList<PlayedSegment> segments, bool visible, DateTimeOffset now, WatchingRules rules, Random random)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);
        lock (Watch.Gate)
        {
            // Credit runs on the server's clock up to the moment a check fell due, not to the report.
            var until = Watch.CheckDueAt is { } due && due < now && !Watch.Held ? due : now;
            var wall = Math.Max(0, (until - LastReportAt).TotalSeconds);
            LastReportAt = now;
            var wasHidden = Hidden;
            Hidden = !visible;
            if (Superseded)
            {
                return Outcome(ReportStatus.Superseded, 0, false, false, false, false, rules);
            }

            if (Watch.Held)
            {
                Watch.PutDueCheck(Id, now, rules);
                return Outcome(ReportStatus.CheckPending, 0, false, false, false, false, rules);
            }

            // Wall clock is measured between arrivals at the server, so a report delayed on the way
            // shortens the gap to the next one. What a crediting report left unused carries over,
            // capped at the jitter allowance, so that delay does not cost the next report; overall
            // credit stays within the max rate × (wall clock + the allowance).
            var budget = wasHidden ? 0 : (wall * rules.MaxRate) + _carry;
            _carry = 0;
            var credited = 0.0;
            bool seekRejected = false, overRate = false, undelivered = false, hiddenIgnored = wasHidden && segments.Count > 0;
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

                // Of what the rate allows, only media delivered to this playback in time counts.
                List<MediaInterval> backed = rules.RequireDeliveryEvidence ? Delivered.Backing(from, to, now, rules.MaxRate) : [new(from, to)];
                undelivered |= backed.Sum(b => b.Length) < to - from - Coverage.Resolution;
                foreach (var part in backed)
                {
                    // On a first viewing a gap of undelivered media is a jump ahead like any other.
                    if (Watch.SeekingRestricted && part.Start > Watch.Coverage.Furthest + rules.SeekToleranceSeconds)
                    {
                        continue;
                    }

                    budget -= part.Length;
                    Earned.Add(part, rules.MaxIntervals);
                    credited += Watch.Coverage.Add(part, rules.MaxIntervals);
                }
            }

            if (credited > 0)
            {
                _carry = Math.Min(budget, rules.ReportJitterSeconds * rules.MaxRate);
                Watch.Credited(credited);
            }

            var check = Watch.PutDueCheck(Id, now, rules);
            return Outcome(check is null && !Watch.Held ? ReportStatus.Counted : ReportStatus.CheckPending, credited, seekRejected, overRate,
                hiddenIgnored, undelivered, rules);
        }
    }

    /// <summary>Answers the pending check; when accepted, crediting resumes from now.</summary>
    public AnswerResult Answer(Guid checkId, string? answer, DateTimeOffset now, WatchingRules rules, Random random)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(random);
        lock (Watch.Gate)
        {
            if (Superseded)
            {
                return AnswerResult.Unknown;
            }

            var result = Watch.Answer(checkId, answer, now, rules, random);
            if (result == AnswerResult.Accepted)
            {
                // The time spent away before answering is not a budget for the next report.
                LastReportAt = now;
                _carry = 0;
            }

            return result;
        }
    }

    private ReportOutcome Outcome(ReportStatus status, double credited, bool seekRejected, bool overRate, bool hiddenIgnored, bool undelivered,
        WatchingRules rules) =>
        new(status, Math.Round(credited, 1), Watch.Coverage.CoveredSeconds, Watch.Coverage.Furthest, Watch.Ratio, seekRejected, overRate,
            hiddenIgnored, Watch.PendingCheck, Watch.IsCovered(rules), Watch.CompletedAt is not null)
        {
            SeekLimit = Watch.SeekingRestricted ? Watch.Coverage.Furthest : null,
            Undelivered = undelivered,
            NextCheckAt = Watch.Held && Watch.PendingCheck is null ? Watch.CheckDueAt : null,
        };
}
