using System.Collections.Concurrent;
using LearnHub.Courses.LectureHalls;
using LearnHub.Courses.Live;

namespace LearnHub.Web.Features.LiveRoom;

/// <summary>Who is behind one hub connection, fixed when the connection opens.</summary>
public sealed record LiveMember(int SessionId, int? PersonId, string Name, bool Staff, string Culture, string UserId);

/// <summary>
/// The live rooms of this process and the connections in each. Rooms hold only the latest state,
/// so a late joiner catches up with one message. One process per room: a scale-out would put this
/// behind a backplane (documented in docs/architecture.md).
/// </summary>
public sealed class LiveRoomRegistry
{
    private readonly ConcurrentDictionary<int, Courses.Live.LiveRoom> _rooms = new();
    private readonly ConcurrentDictionary<string, LiveMember> _members = new();

    public Courses.Live.LiveRoom Room(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return _rooms.GetOrAdd(session.Id, _ => new Courses.Live.LiveRoom(session.Id, LiveSlides.ToHtml(session.LiveSlides)));
    }

    public Courses.Live.LiveRoom? Find(int sessionId) => _rooms.GetValueOrDefault(sessionId);

    public void Add(string connectionId, LiveMember member) => _members[connectionId] = member;

    public LiveMember? Member(string connectionId) => _members.GetValueOrDefault(connectionId);

    public LiveMember? Remove(string connectionId) => _members.TryRemove(connectionId, out var member) ? member : null;

    /// <summary>Trainees online in a room, each counted once however many tabs they have open.</summary>
    public int Audience(int sessionId) =>
        _members.Values.Where(m => m.SessionId == sessionId && !m.Staff && m.PersonId is not null).Select(m => m.PersonId).Distinct().Count();
}
