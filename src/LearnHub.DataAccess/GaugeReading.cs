using System.Data.Common;
using System.Diagnostics;

namespace LearnHub.DataAccess;

/// <summary>
/// A database reading behind observable gauges (the transcode queue, the outboxes). It is taken when a collector asks,
/// never on a timer, and kept for a second, so the several gauges one query feeds cost one query per scrape. While the
/// database cannot answer, the gauges report <c>empty</c> (no measurements) rather than failing the whole scrape.
/// </summary>
public sealed class GaugeReading<T>(Func<T> read, T empty) where T : class
{
    // A cost bound, not a domain time: real elapsed time, so a test's clock standing still does not freeze the values.
    private static readonly long MaxAge = Stopwatch.Frequency;

    private readonly Lock _lock = new();
    private T? _value;
    private long _takenAt;

    public T Current()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            if (_value is null || now - _takenAt >= MaxAge)
            {
                try
                {
                    _value = read();
                    _takenAt = now;
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    _value = null;
                }
            }

            return _value ?? empty;
        }
    }
}
