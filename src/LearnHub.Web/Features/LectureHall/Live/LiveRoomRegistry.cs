using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>Who is behind one hub connection, fixed when the connection opens.</summary>
public sealed record LiveMember(int SessionId, int? PersonId, string Name, bool Staff, string Culture, string UserId);

/// <summary>This node's copy of a room and how far into the room's log it has applied.</summary>
public sealed class LiveRoomReplica(Courses.LectureHall.Live.LiveRoom room)
{
    public Courses.LectureHall.Live.LiveRoom Room { get; } = room;

    /// <summary>One catch-up at a time, so every change is applied once and in the log's order.</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The id of the last log entry applied; null before the first.</summary>
    internal string? Position { get; set; }

    /// <summary>This node's own changes waiting for their results, by the token written into the entry.</summary>
    internal ConcurrentDictionary<string, TaskCompletionSource<object?>> Waiting { get; } = new();
}

/// <summary>
/// Where a room's changes go. On one node they are applied at once; with the Redis backplane they
/// are appended to the room's log in Redis and every node applies the log to its own copy.
/// </summary>
public interface ILiveRoomLog
{
    /// <summary>True when other nodes serve the same rooms (state and presence are shared).</summary>
    bool SpansNodes { get; }

    Task<object?> ApplyAsync(LiveRoomReplica replica, LiveRoomCommand command, CancellationToken cancellationToken);

    /// <summary>Applies what other nodes appended since this copy last looked.</summary>
    Task CatchUpAsync(LiveRoomReplica replica, CancellationToken cancellationToken);
}

/// <summary>A single node: the room in memory is the room.</summary>
internal sealed class LocalRoomLog : ILiveRoomLog
{
    public bool SpansNodes => false;

    public Task<object?> ApplyAsync(LiveRoomReplica replica, LiveRoomCommand command, CancellationToken cancellationToken) =>
        Task.FromResult(command.ApplyTo(replica.Room));

    public Task CatchUpAsync(LiveRoomReplica replica, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The live rooms this node serves and the connections it holds. Rooms hold only the latest state,
/// so a late joiner catches up with one message; every change goes through the <see cref="ILiveRoomLog"/>,
/// so with the backplane a late joiner on any node sees the slide set on another.
/// </summary>
public sealed class LiveRoomRegistry(ILiveRoomLog log, IOptions<LiveRoomOptions> options)
{
    private readonly ConcurrentDictionary<int, LiveRoomReplica> _rooms = new();
    private readonly ConcurrentDictionary<string, LiveMember> _members = new();

    /// <summary>True when several nodes serve the rooms: presence and audience then come from the database.</summary>
    public bool Shared => log.SpansNodes;

    /// <summary>
    /// This node's name, written before the connection id of each presence row when nodes share a
    /// database, so a node restarting closes only the presence it left open, not its peers'.
    /// </summary>
    public string Node { get; } = options.Value.Node;

    public string PresenceKey(string connectionId) => Shared ? $"{Node}/{connectionId}" : connectionId;

    /// <summary>
    /// The room of a session, brought up to date. <paramref name="slides"/> gives the slides of a room
    /// opened here for the first time (asked only then: a PDF deck costs a query); later changes come through the log.
    /// </summary>
    public async Task<Courses.LectureHall.Live.LiveRoom> RoomAsync(LectureHallSession session, Func<CancellationToken, Task<LiveSlideSet>> slides,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(slides);
        if (!_rooms.TryGetValue(session.Id, out var replica))
        {
            var first = await slides(cancellationToken);
            replica = _rooms.GetOrAdd(session.Id, _ => new LiveRoomReplica(new Courses.LectureHall.Live.LiveRoom(session.Id, first)));
        }

        await log.CatchUpAsync(replica, cancellationToken);
        return replica.Room;
    }

    /// <summary>Applies what other nodes changed in a room this node serves.</summary>
    public async Task CatchUpAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        if (_rooms.GetValueOrDefault(sessionId) is { } replica)
        {
            await log.CatchUpAsync(replica, cancellationToken);
        }
    }

    /// <summary>The rooms someone is connected to on this node.</summary>
    public IReadOnlyList<int> RoomsWithMembers() => _members.Values.Select(m => m.SessionId).Distinct().ToList();

    /// <summary>Connections on this node per room (session id), tabs and staff included: what the node carries.</summary>
    public IEnumerable<KeyValuePair<int, int>> ConnectionsPerRoom() => _members.Values.CountBy(m => m.SessionId);

    /// <summary>This node's copy of a room as it is, without asking the log; null when no connection opened it here.</summary>
    public Courses.LectureHall.Live.LiveRoom? Current(int sessionId) => _rooms.GetValueOrDefault(sessionId)?.Room;

    /// <summary>Every room this node holds, as far as it knows them.</summary>
    public IReadOnlyList<Courses.LectureHall.Live.LiveRoom> Rooms() => _rooms.Values.Select(r => r.Room).ToList();

    /// <summary>Applies a change to a room this node serves and returns its result (the room's method's return value).</summary>
    public async Task<T> ApplyAsync<T>(int sessionId, LiveRoomCommand command, CancellationToken cancellationToken = default)
    {
        var replica = _rooms.GetValueOrDefault(sessionId) ?? throw new InvalidOperationException($"Live room {sessionId} is not open on this node.");
        var result = await log.ApplyAsync(replica, command, cancellationToken);
        if (result is Exception refused)
        {
            ExceptionDispatchInfo.Throw(refused);
        }

        return (T)result!;
    }

    public void Add(string connectionId, LiveMember member) => _members[connectionId] = member;

    public LiveMember? Member(string connectionId) => _members.GetValueOrDefault(connectionId);

    public LiveMember? Remove(string connectionId) => _members.TryRemove(connectionId, out var member) ? member : null;

    /// <summary>Trainees online in a room on this node, each counted once however many tabs they have open.</summary>
    public int Audience(int sessionId) =>
        _members.Values.Where(m => m.SessionId == sessionId && !m.Staff && m.PersonId is not null).Select(m => m.PersonId).Distinct().Count();
}
