using System.Collections.Concurrent;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>A lesson's state as it stood when copied for writing.</summary>
internal sealed record WatchSnapshot(int PersonId, int LessonId, int CourseId, string Coverage, double CoveredSeconds, double FurthestSeconds,
    double DurationSeconds, bool Covered, DateTimeOffset? CompletedAt, long Version, double UncheckedSeconds = 0);

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
    private readonly ConcurrentDictionary<Guid, Playback> _dirtyPlaybacks = new();
    private readonly ConcurrentDictionary<Guid, (AttentionCheck Check, LessonWatch Watch)> _dirtyChecks = new();

    /// <summary>Seeded in tests; shared (thread-safe) otherwise.</summary>
    internal Random Random { get; init; } = Random.Shared;

    public WatchingRules Rules => rules;

    public int PlaybackCount => _playbacks.Count;

    /// <summary>The server's clock, which checks fall due by.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    public LessonWatch? Cached(int personId, int lessonId) => _watches.GetValueOrDefault((personId, lessonId));

    /// <summary>Starts a playback of a lesson's video; an earlier one of the same person stops earning credit.</summary>
    public Playback Start(LessonWatch loaded, Guid mediaAssetId = default, string device = "")
    {
        ArgumentNullException.ThrowIfNull(loaded);
        // A watch already in memory is newer than what the database holds.
        var watch = _watches.GetOrAdd((loaded.PersonId, loaded.LessonId), loaded);
        var playback = new Playback(Guid.NewGuid(), watch, clock.GetUtcNow(), rules, Random, device) { MediaAssetId = mediaAssetId };
        _playbacks[playback.Id] = playback;
        _dirtyPlaybacks[playback.Id] = playback;
        Note(playback.PendingCheck, watch);
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
            _dirtyPlaybacks[playback.Id] = playback;
        }

        Note(outcome.Check, playback.Watch);
        return outcome;
    }

    /// <summary>Null when the playback is unknown or not the caller's.</summary>
    public AnswerResult? Answer(Guid playbackId, int personId, Guid checkId, string? answer)
    {
        if (!_playbacks.TryGetValue(playbackId, out var playback) || playback.PersonId != personId)
        {
            return null;
        }

        var check = playback.PendingCheck;
        var result = playback.Answer(checkId, answer, clock.GetUtcNow(), rules, Random);
        if (result != AnswerResult.Unknown)
        {
            Note(check, playback.Watch);
            _dirty[(playback.Watch.PersonId, playback.Watch.LessonId)] = 0;
        }

        return result;
    }

    /// <summary>The check waiting on the caller's playback, to draw its code; null for anything else.</summary>
    public AttentionCheck? PendingCheck(Guid playbackId, int personId, Guid checkId) =>
        _playbacks.TryGetValue(playbackId, out var playback) && playback.PersonId == personId && !playback.Superseded
            && playback.PendingCheck is { } check && check.Id == checkId ? check : null;

    /// <summary>
    /// A segment of <paramref name="mediaAssetId"/>'s media covering [start, end) was served through a
    /// playback's signed URLs. Unknown playbacks (another node's, or forgotten) are ignored.
    /// </summary>
    public void Delivered(Guid playbackId, Guid mediaAssetId, double start, double end)
    {
        if (_playbacks.TryGetValue(playbackId, out var playback) && playback.MediaAssetId == mediaAssetId)
        {
            playback.Deliver(start, end, clock.GetUtcNow());
            _dirtyPlaybacks[playbackId] = playback;
        }
    }

    private void Note(AttentionCheck? check, LessonWatch watch)
    {
        if (check is not null)
        {
            _dirtyChecks[check.Id] = (check, watch);
        }
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
                        watch.CompletedAt, watch.Version, Math.Round(watch.UncheckedSeconds, 1)));
                }
            }
        }

        return snapshots;
    }

    /// <summary>Copies and clears the playbacks and checks changed since the last flush, for the evidence record.</summary>
    internal (List<PlaybackSnapshot> Playbacks, List<CheckSnapshot> Checks) TakeEvidence()
    {
        var playbacks = new List<PlaybackSnapshot>(_dirtyPlaybacks.Count);
        foreach (var (id, playback) in _dirtyPlaybacks)
        {
            _dirtyPlaybacks.TryRemove(id, out _);
            lock (playback.Watch.Gate)
            {
                playbacks.Add(new PlaybackSnapshot(playback.Id, playback.PersonId, playback.Watch.LessonId, playback.StartedAt, playback.LastReportAt,
                    playback.Device, playback.Earned.CoveredSeconds, playback.Earned.Serialize(), Math.Round(playback.Delivered.DeliveredSeconds, 1)));
            }
        }

        var checks = new List<CheckSnapshot>(_dirtyChecks.Count);
        foreach (var (id, (check, watch)) in _dirtyChecks)
        {
            _dirtyChecks.TryRemove(id, out _);
            lock (watch.Gate)
            {
                checks.Add(check.Snapshot(watch.PersonId, watch.LessonId));
            }
        }

        return (playbacks, checks);
    }

    /// <summary>Forgets a person's watching of a lesson (after a reversal): the next playback loads what the database holds.</summary>
    public void Forget(int personId, int lessonId)
    {
        foreach (var (id, playback) in _playbacks)
        {
            if (playback.PersonId == personId && playback.Watch.LessonId == lessonId)
            {
                playback.Supersede();
                _playbacks.TryRemove(id, out _);
            }
        }

        _dirty.TryRemove((personId, lessonId), out _);
        _watches.TryRemove((personId, lessonId), out _);
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
