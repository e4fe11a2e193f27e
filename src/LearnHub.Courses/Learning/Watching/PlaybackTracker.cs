using System.Collections.Concurrent;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A lesson's state as it stood when copied for writing.</summary>
internal sealed record WatchSnapshot(int PersonId, int LessonId, int CourseId, string Coverage, double CoveredSeconds, double FurthestSeconds,
    double DurationSeconds, bool Covered, DateTimeOffset? CompletedAt, long Version);

/// <summary>
/// Every live playback and the watched coverage it feeds, in memory, so that a heartbeat never
/// waits for the database: a report is a dictionary lookup and an interval merge under a lock
/// per lesson. <see cref="ProgressFlusher"/> writes what changed in batches; a crash loses at most
/// one flush interval of watching. One node holds the state: several nodes need sticky routing
/// of /api/v1/playback by person.
/// </summary>
public sealed class PlaybackTracker(WatchingRules rules, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Playback> _playbacks = new();
    private readonly ConcurrentDictionary<int, Guid> _activeByPerson = new();
    private readonly ConcurrentDictionary<(int Person, int Lesson), LessonWatch> _watches = new();
    private readonly ConcurrentDictionary<(int Person, int Lesson), long> _dirty = new();

    /// <summary>Seeded in tests; shared (thread-safe) otherwise.</summary>
    internal Random Random { get; init; } = Random.Shared;

    public WatchingRules Rules => rules;

    public int PlaybackCount => _playbacks.Count;

    public LessonWatch? Cached(int personId, int lessonId) => _watches.GetValueOrDefault((personId, lessonId));

    /// <summary>Starts a playback; an earlier one of the same person stops earning credit.</summary>
    public Playback Start(LessonWatch loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        // A watch already in memory is newer than what the database holds.
        var watch = _watches.GetOrAdd((loaded.PersonId, loaded.LessonId), loaded);
        var playback = new Playback(Guid.NewGuid(), watch, clock.GetUtcNow(), rules, Random);
        _playbacks[playback.Id] = playback;
        _activeByPerson.AddOrUpdate(watch.PersonId, playback.Id, (_, earlier) =>
        {
            if (_playbacks.TryGetValue(earlier, out var previous))
            {
                previous.Supersede();
            }

            return playback.Id;
        });
        return playback;
    }

    /// <summary>Null when the playback is unknown or not the caller's.</summary>
    public ReportOutcome? Report(Guid playbackId, int personId, IReadOnlyList<PlayedSegment> segments, bool visible)
    {
        if (!_playbacks.TryGetValue(playbackId, out var playback) || playback.PersonId != personId)
        {
            return null;
        }

        var outcome = playback.Report(segments, visible, clock.GetUtcNow(), rules, Random);
        if (outcome.CreditedSeconds > 0)
        {
            _dirty[(playback.Watch.PersonId, playback.Watch.LessonId)] = 0;
        }

        return outcome;
    }

    /// <summary>Null when the playback is unknown or not the caller's.</summary>
    public bool? Answer(Guid playbackId, int personId, Guid checkId, int answer)
    {
        if (!_playbacks.TryGetValue(playbackId, out var playback) || playback.PersonId != personId)
        {
            return null;
        }

        return playback.Answer(checkId, answer, clock.GetUtcNow(), rules, Random);
    }

    public void MarkCompleted(int personId, int lessonId, DateTimeOffset at) => Cached(personId, lessonId)?.Completed(at);

    /// <summary>Copies and clears the set of lessons changed since the last flush.</summary>
    internal List<WatchSnapshot> TakeChanged()
    {
        var snapshots = new List<WatchSnapshot>(_dirty.Count);
        foreach (var key in _dirty.Keys)
        {
            _dirty.TryRemove(key, out _);
            if (_watches.TryGetValue(key, out var watch))
            {
                lock (watch.Gate)
                {
                    snapshots.Add(new WatchSnapshot(watch.PersonId, watch.LessonId, watch.CourseId, watch.Coverage.Serialize(),
                        watch.Coverage.CoveredSeconds, watch.Coverage.Furthest, watch.DurationSeconds, watch.IsCovered(rules),
                        watch.CompletedAt, watch.Version));
                }
            }
        }

        return snapshots;
    }

    /// <summary>A failed write is retried at the next flush.</summary>
    internal void Requeue(IEnumerable<WatchSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            _dirty[(snapshot.PersonId, snapshot.LessonId)] = 0;
        }
    }

    /// <summary>Forgets playbacks not heard from for a while and lessons nobody is watching that are written.</summary>
    internal void Evict()
    {
        var cutoff = clock.GetUtcNow() - rules.IdleTimeout;
        foreach (var (id, playback) in _playbacks)
        {
            if (playback.LastReportAt < cutoff)
            {
                _playbacks.TryRemove(id, out _);
                _activeByPerson.TryRemove(new KeyValuePair<int, Guid>(playback.PersonId, id));
            }
        }

        var watched = _playbacks.Values.Select(p => (p.Watch.PersonId, p.Watch.LessonId)).ToHashSet();
        foreach (var key in _watches.Keys)
        {
            if (!watched.Contains(key) && !_dirty.ContainsKey(key))
            {
                _watches.TryRemove(key, out _);
            }
        }
    }
}
