namespace LearnHub.Courses.LectureHall.Live;

/// <summary>One attention check put to a person: when, until when an answer counts as in time, and the answer.</summary>
public readonly record struct AttentionCheckRecord(DateTimeOffset IssuedAt, DateTimeOffset Deadline, DateTimeOffset? AnsweredAt)
{
    /// <summary>Unanswered, or answered after the window: the minutes from the issue stop counting.</summary>
    public bool Missed => AnsweredAt is not { } answered || answered > Deadline;
}

/// <summary>
/// How often a live room checks that its trainees are still following (随机专注度确认). The next
/// check falls at a random time around <see cref="AverageInterval"/> (±<see cref="Jitter"/> of it), so
/// no one can predict it; a zero interval means checks are launched by hand only.
/// </summary>
public sealed record AttentionSchedule(bool Enabled, TimeSpan AverageInterval, double Jitter, TimeSpan AnswerWindow)
{
    public static AttentionSchedule Default { get; } = new(true, TimeSpan.FromMinutes(15), 0.5, TimeSpan.FromSeconds(90));

    public bool Automatic => Enabled && AverageInterval > TimeSpan.Zero;

    /// <summary>When the check after one at <paramref name="now"/> falls, or null when checks are by hand only.</summary>
    public DateTimeOffset? Next(DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!Automatic)
        {
            return null;
        }

        var jitter = Math.Clamp(Jitter, 0, 0.9);
        var factor = 1 - jitter + (2 * jitter * random.NextDouble());
        // Never sooner than the answer window: a check is not put while the last one may still be answered in time.
        var interval = TimeSpan.FromTicks((long)(AverageInterval.Ticks * factor));
        return now + (interval > AnswerWindow ? interval : AnswerWindow);
    }
}

/// <summary>The stretches in which a person's minutes do not count because they left a check unanswered.</summary>
public static class AttentionTimeline
{
    /// <summary>
    /// For each missed check, the time from its issue until the person next answered any check (this
    /// one late, or a later one), or until <paramref name="end"/> when they never did. Overlapping
    /// stretches are merged, so two missed checks in a row are not subtracted twice.
    /// </summary>
    public static IReadOnlyList<PresenceSpan> Unattended(IEnumerable<AttentionCheckRecord> checks, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var all = checks.OrderBy(c => c.IssuedAt).ToList();
        var stretches = new List<PresenceSpan>();
        foreach (var check in all.Where(c => c.Missed))
        {
            var resumed = all.Where(c => c.IssuedAt >= check.IssuedAt && c.AnsweredAt is not null)
                .Select(c => c.AnsweredAt!.Value).DefaultIfEmpty(end).Min();
            stretches.Add(new PresenceSpan(check.IssuedAt, resumed < end ? resumed : end));
        }

        return PresenceTimeline.Merge(stretches, TimeSpan.Zero);
    }

    /// <summary>The presence spans with the unattended stretches cut out.</summary>
    public static IReadOnlyList<PresenceSpan> Subtract(IReadOnlyList<PresenceSpan> presence, IReadOnlyList<PresenceSpan> unattended)
    {
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentNullException.ThrowIfNull(unattended);
        var result = new List<PresenceSpan>();
        foreach (var span in presence)
        {
            var from = span.From;
            foreach (var gap in unattended.Where(g => g.To > span.From && g.From < span.To).OrderBy(g => g.From))
            {
                if (gap.From > from)
                {
                    result.Add(new PresenceSpan(from, gap.From));
                }

                if (gap.To > from)
                {
                    from = gap.To;
                }
            }

            if (span.To > from)
            {
                result.Add(new PresenceSpan(from, span.To));
            }
        }

        return result;
    }
}
