namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// The stretches of a lesson's media the server delivered to one playback (segments fetched through
/// that playback's signed URLs) and when. A report's claim is credited only where it rests on this:
/// a point of media counts only if its segment was fetched before the player could have played it
/// at the maximum rate, so media fetched after the fact, or never, earns nothing. Guarded by the
/// watch's lock.
/// </summary>
public sealed class DeliveredMedia
{
    // A segment per 4 s of media: a five-hour lesson in every rendition stays well inside.
    internal const int MaxSegments = 8192;

    // Keyed by the segment's start (to the tenth of a second): renditions share their boundaries, so
    // the same stretch fetched in another quality is one entry with the earliest fetch.
    private readonly SortedList<long, (double End, DateTimeOffset FetchedAt)> _segments = [];

    // Kept as segments are added: the flusher reads it for every changed playback, and summing the
    // segments each time grows with the lesson (900 segments an hour).
    private double _deliveredSeconds;

    public int Count => _segments.Count;

    public double DeliveredSeconds => _deliveredSeconds;

    public void Add(double start, double end, DateTimeOffset fetchedAt)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || end <= start || start < 0)
        {
            return;
        }

        var key = (long)Math.Round(start * 10);
        if (_segments.TryGetValue(key, out var known))
        {
            _deliveredSeconds += Math.Max(known.End, end) - known.End;
            _segments[key] = (Math.Max(known.End, end), fetchedAt < known.FetchedAt ? fetchedAt : known.FetchedAt);
        }
        else if (_segments.Count < MaxSegments)
        {
            _deliveredSeconds += end - (key / 10.0);
            _segments.Add(key, (end, fetchedAt));
        }
    }

    /// <summary>
    /// The parts of [<paramref name="from"/>, <paramref name="to"/>) that delivered media backs, for a
    /// report arriving at <paramref name="reportAt"/> that says playback reached <paramref name="to"/>
    /// then: media at x was played no later than (to − x) / rate before the report, so its segment must
    /// have been fetched by then. Sorted and disjoint.
    /// </summary>
    public List<MediaInterval> Backing(double from, double to, DateTimeOffset reportAt, double maxRate)
    {
        var parts = new List<MediaInterval>();
        if (to <= from)
        {
            return parts;
        }

        // Segments are at most a few seconds long: start looking a little before the claim.
        var first = LowerBound((long)Math.Floor((from - 60) * 10));
        for (var i = first; i < _segments.Count; i++)
        {
            var start = _segments.Keys[i] / 10.0;
            if (start >= to)
            {
                break;
            }

            var (end, fetchedAt) = _segments.Values[i];
            var lead = (reportAt - fetchedAt).TotalSeconds;
            if (lead < 0 || end <= from)
            {
                continue;
            }

            var lower = Math.Max(Math.Max(start, from), to - (lead * maxRate));
            var upper = Math.Min(end, to);
            if (upper <= lower)
            {
                continue;
            }

            if (parts.Count > 0 && lower <= parts[^1].End)
            {
                parts[^1] = new MediaInterval(parts[^1].Start, Math.Max(parts[^1].End, upper));
            }
            else
            {
                parts.Add(new MediaInterval(lower, upper));
            }
        }

        return parts;
    }

    private int LowerBound(long key)
    {
        var keys = _segments.Keys;
        int low = 0, high = keys.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (keys[mid] < key)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
