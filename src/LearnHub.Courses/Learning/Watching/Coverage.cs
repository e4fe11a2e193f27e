using System.Globalization;
using System.Text;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A stretch of a lesson's media, in seconds from its start; End is exclusive.</summary>
public readonly record struct MediaInterval(double Start, double End)
{
    public double Length => End - Start;
}

/// <summary>
/// The parts of a lesson's media a trainee has really watched (观看覆盖), as sorted, disjoint intervals.
/// Watching the same minute twice covers it once; a seek leaves a gap until it is watched.
/// </summary>
public sealed class Coverage
{
    /// <summary>Times are kept to a tenth of a second: finer than any player reports, and small to store.</summary>
    public const double Resolution = 0.1;

    private readonly List<MediaInterval> _intervals = [];

    public IReadOnlyList<MediaInterval> Intervals => _intervals;

    public double CoveredSeconds { get; private set; }

    /// <summary>The furthest point watched so far: the end of the last interval.</summary>
    public double Furthest => _intervals.Count == 0 ? 0 : _intervals[^1].End;

    /// <summary>Adds an interval and returns the seconds it newly covered (0 if it was already watched).</summary>
    public double Add(MediaInterval interval, int maxIntervals = int.MaxValue)
    {
        var start = Round(interval.Start);
        var end = Round(interval.End);
        if (end <= start)
        {
            return 0;
        }

        // Find the run of intervals that touch [start, end] and replace them with their union.
        var first = 0;
        while (first < _intervals.Count && _intervals[first].End < start)
        {
            first++;
        }

        var last = first;
        var overlap = 0.0;
        var mergedStart = start;
        var mergedEnd = end;
        while (last < _intervals.Count && _intervals[last].Start <= end)
        {
            var existing = _intervals[last];
            overlap += Math.Max(0, Math.Min(existing.End, end) - Math.Max(existing.Start, start));
            mergedStart = Math.Min(mergedStart, existing.Start);
            mergedEnd = Math.Max(mergedEnd, existing.End);
            last++;
        }

        if (last == first && _intervals.Count >= maxIntervals)
        {
            // A new island beyond the limit is not kept: storage stays bounded and a gap-riddled
            // pattern of seeks cannot bloat the row. It counts once it joins its neighbours.
            return 0;
        }

        _intervals.RemoveRange(first, last - first);
        _intervals.Insert(first, new MediaInterval(mergedStart, mergedEnd));
        var added = Round(end - start - overlap);
        CoveredSeconds = Round(CoveredSeconds + added);
        return added;
    }

    /// <summary>Compact text for storage: "0-125.3,140-300".</summary>
    public string Serialize()
    {
        var text = new StringBuilder();
        foreach (var interval in _intervals)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(interval.Start.ToString("0.#", CultureInfo.InvariantCulture)).Append('-')
                .Append(interval.End.ToString("0.#", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public static Coverage Parse(string? text)
    {
        var coverage = new Coverage();
        if (string.IsNullOrWhiteSpace(text))
        {
            return coverage;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0
                && double.TryParse(part.AsSpan(0, dash), NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                && double.TryParse(part.AsSpan(dash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var end))
            {
                coverage.Add(new MediaInterval(start, end));
            }
        }

        return coverage;
    }

    public Coverage Clone() => Parse(Serialize());

    private static double Round(double seconds) => Math.Round(seconds / Resolution, MidpointRounding.AwayFromZero) * Resolution;
}
