using System.Collections.Concurrent;

namespace LearnHub.Courses.LectureHall.Attendance;

/// <summary>
/// Counts wrong check-in codes per person and session. The six-digit fallback code has a million
/// values and two are valid at a time, so unlimited guessing would check someone in who is not in the
/// room; after <see cref="MaxFailures"/> wrong codes within <see cref="Window"/> further attempts are
/// refused until the oldest failure ages out. Kept in memory: each node counts its own attempts, which
/// still bounds guessing to a few per minute per node.
/// </summary>
public sealed class CheckInAttempts(TimeProvider clock)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(int SessionId, int PersonId), Queue<DateTimeOffset>> _failures = new();

    /// <summary>How long the person must wait before trying again; zero when they may try now.</summary>
    public TimeSpan RetryAfter(int sessionId, int personId)
    {
        if (!_failures.TryGetValue((sessionId, personId), out var failures))
        {
            return TimeSpan.Zero;
        }

        lock (failures)
        {
            var now = clock.GetUtcNow();
            Prune(failures, now);
            return failures.Count < MaxFailures ? TimeSpan.Zero : failures.Peek() + Window - now;
        }
    }

    public void RecordFailure(int sessionId, int personId)
    {
        var failures = _failures.GetOrAdd((sessionId, personId), _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            var now = clock.GetUtcNow();
            Prune(failures, now);
            failures.Enqueue(now);
        }

        // Forget people whose failures have all aged out, so the table does not grow for ever.
        if (_failures.Count > 10_000)
        {
            foreach (var (key, queue) in _failures)
            {
                lock (queue)
                {
                    Prune(queue, clock.GetUtcNow());
                    if (queue.Count == 0)
                    {
                        _failures.TryRemove(key, out _);
                    }
                }
            }
        }
    }

    /// <summary>A successful check-in starts afresh.</summary>
    public void Reset(int sessionId, int personId) => _failures.TryRemove((sessionId, personId), out _);

    private static void Prune(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + Window <= now)
        {
            failures.Dequeue();
        }
    }
}
