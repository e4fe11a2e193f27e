namespace LearnHub.Courses.LectureHall.Live;

/// <summary>One stretch of time during which a person had at least one connection open.</summary>
public readonly record struct PresenceSpan(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To > From ? To - From : TimeSpan.Zero;
}

/// <summary>
/// A person's presence in a live room, built from per-connection join/leave times. Several tabs
/// count once (their spans overlap), and a reconnect within the grace continues the same presence.
/// </summary>
public static class PresenceTimeline
{
    /// <summary>A dropped connection that comes back within this time has not really left.</summary>
    public static readonly TimeSpan DefaultReconnectGrace = TimeSpan.FromMinutes(1);

    /// <summary>Union of the spans, with gaps shorter than <paramref name="reconnectGrace"/> bridged.</summary>
    public static IReadOnlyList<PresenceSpan> Merge(IEnumerable<PresenceSpan> spans, TimeSpan reconnectGrace)
    {
        ArgumentNullException.ThrowIfNull(spans);
        var merged = new List<PresenceSpan>();
        foreach (var span in spans.Where(s => s.To > s.From).OrderBy(s => s.From))
        {
            if (merged.Count > 0 && span.From - merged[^1].To <= reconnectGrace)
            {
                var last = merged[^1];
                merged[^1] = last with { To = span.To > last.To ? span.To : last.To };
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    /// <summary>The merged spans cut to the lecture's window; spans wholly outside it disappear.</summary>
    public static IReadOnlyList<PresenceSpan> Clip(IEnumerable<PresenceSpan> merged, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return merged
            .Select(s => new PresenceSpan(s.From < start ? start : s.From, s.To > end ? end : s.To))
            .Where(s => s.To > s.From)
            .ToList();
    }
}
