namespace LearnHub.Courses.LectureHall.Live;

/// <summary>Attendance at a live lecture (直播出勤). Only <see cref="Absent"/> earns no credit.</summary>
public enum LiveAttendanceState
{
    Present = 0,
    Late = 1,
    LeftEarly = 2,
    Absent = 3,
}

/// <summary>How one person's presence turned into attendance.</summary>
public sealed record LiveAttendanceResult(
    int Minutes,
    decimal Share,
    LiveAttendanceState State,
    DateTimeOffset? FirstJoined,
    DateTimeOffset? LastLeft,
    int MissedChecks = 0)
{
    public bool EarnsCredit => State != LiveAttendanceState.Absent;
}

/// <summary>
/// The thresholds that turn presence into an attendance state. Late and left-early still earn the
/// credit as long as the person attended the required share of the lecture.
/// </summary>
public sealed record AttendancePolicy(TimeSpan LateAfter, TimeSpan LeftEarlyBefore, decimal RequiredShare, TimeSpan ReconnectGrace)
{
    public static AttendancePolicy Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), 0.8m, PresenceTimeline.DefaultReconnectGrace);

    /// <summary>
    /// Presence merged and clipped to the lecture; the stretches after a missed attention check, until
    /// the person answered again, do not count as minutes. Late and left early still follow presence.
    /// </summary>
    public LiveAttendanceResult Evaluate(IEnumerable<PresenceSpan> spans, DateTimeOffset start, DateTimeOffset end, IEnumerable<AttentionCheckRecord>? checks = null)
    {
        if (end <= start)
        {
            throw new ArgumentException("The lecture must end after it starts.", nameof(end));
        }

        var present = PresenceTimeline.Clip(PresenceTimeline.Merge(spans, ReconnectGrace), start, end);
        var checkList = checks?.ToList() ?? [];
        var missed = checkList.Count(c => c.Missed);
        if (present.Count == 0)
        {
            return new LiveAttendanceResult(0, 0m, LiveAttendanceState.Absent, null, null, missed);
        }

        var attended = AttentionTimeline.Subtract(present, AttentionTimeline.Unattended(checkList, end));
        var total = attended.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Length);
        // Whole minutes only: a person is never credited a minute they did not complete.
        var minutes = (int)Math.Floor(total.TotalMinutes);
        var share = Math.Round((decimal)(total / (end - start)), 4);
        var first = present[0].From;
        var last = present[^1].To;
        var state = share < RequiredShare ? LiveAttendanceState.Absent
            : first - start > LateAfter ? LiveAttendanceState.Late
            : end - last > LeftEarlyBefore ? LiveAttendanceState.LeftEarly
            : LiveAttendanceState.Present;
        return new LiveAttendanceResult(minutes, share, state, first, last, missed);
    }

    /// <summary>Hours for the ledger: the scheduled length rounded down to the ledger's quarter hours.</summary>
    public static decimal CreditHours(DateTimeOffset start, DateTimeOffset end)
    {
        var quarters = Math.Floor((end - start).TotalMinutes / 15);
        return (decimal)quarters * 0.25m;
    }
}
