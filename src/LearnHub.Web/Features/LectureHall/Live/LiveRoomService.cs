using System.Security.Claims;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>Someone let into a room: who they are there, the room as it stands, and a check still waiting for their answer.</summary>
public sealed record LiveJoin(LiveMember Member, Courses.LectureHall.Live.LiveRoom Room, LiveAttentionDto? PendingCheck);

/// <summary>
/// Joining, leaving and ending a live room, apart from how the hub tells the clients: who may join and as what
/// (decided once, at connect), their presence, and the end of the lecture (attendance, credits, the video and its replay).
/// </summary>
public sealed class LiveRoomService(
    LiveRoomRegistry registry,
    LiveLectures lectures,
    CoursesDbContext db,
    LiveVideoService video,
    LiveSlideDecks decks,
    AttentionCheckService attention,
    IAuthorizationService authorization,
    TimeProvider clock)
{
    /// <summary>
    /// Lets a connection in: staff (<see cref="SessionStaffRequirement"/>) run the lecture, any signed-in person with
    /// a trainee record joins; anyone else, or an unknown session, gets null. A trainee's presence opens unless the lecture ended.
    /// </summary>
    public async Task<LiveJoin?> JoinAsync(ClaimsPrincipal user, string? sessionQuery, string connectionId, string culture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!int.TryParse(sessionQuery, out var sessionId)
            || await lectures.FindSessionAsync(sessionId, cancellationToken) is not { } session)
        {
            return null;
        }

        var personId = int.TryParse(user.FindFirst(CurrentScope.PersonClaim)?.Value, out var value) ? value : (int?)null;
        var staff = await authorization.IsSessionStaffAsync(user, session);
        if (!staff && personId is null)
        {
            return null;
        }

        var name = personId is { } pid
            ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).SingleOrDefaultAsync(cancellationToken) ?? ""
            : user.Identity?.Name ?? "";
        var member = new LiveMember(sessionId, personId, name, staff, culture, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        registry.Add(connectionId, member);
        var room = await registry.RoomAsync(session, token => decks.SlidesForAsync(session, token), cancellationToken);
        if (!staff && personId is { } id && room.Phase != LiveRoomPhase.Ended)
        {
            await lectures.OpenAsync(sessionId, id, registry.PresenceKey(connectionId), CancellationToken.None);
        }

        // A check put while this tab was closed, or to another tab, still waits for an answer.
        LiveAttentionDto? pending = null;
        if (room is { Phase: LiveRoomPhase.Live, Attention: { } prompt }
            && !staff && personId is { } asked
            && await lectures.PendingAttentionCheckAsync(sessionId, asked, prompt.Number, cancellationToken) is { } check)
        {
            pending = attention.Dto(check.Number, check.IssuedAt, check.Deadline);
        }

        return new LiveJoin(member, room, pending);
    }

    /// <summary>The connection went: its presence closes; returns who it was, or null when it never joined.</summary>
    public async Task<LiveMember?> LeaveAsync(string connectionId)
    {
        if (registry.Remove(connectionId) is not { } member)
        {
            return null;
        }

        if (!member.Staff && member.PersonId is not null)
        {
            await lectures.CloseAsync(registry.PresenceKey(connectionId));
        }

        return member;
    }

    /// <summary>
    /// Ends the lecture: the room ends (<paramref name="ended"/> runs then, to tell the room), attendance is stored
    /// and credited, the video stops and its recording goes to the replay import. Returns the final attendance.
    /// </summary>
    public async Task<IReadOnlyList<LiveAttendanceRow>> EndAsync(LiveMember member, Action ended, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(ended);
        await registry.ApplyAsync<bool>(member.SessionId, new(LiveRoomCommandKind.End, clock.GetUtcNow()), cancellationToken);
        ended();
        var rows = await lectures.EndAsync(member.SessionId, member.UserId, CancellationToken.None);
        await video.EndAsync(member.SessionId, member.UserId);
        return rows;
    }

    /// <summary>With several nodes the database knows everyone online; alone, this node's connections are everyone.</summary>
    public async Task<int> AudienceAsync(int sessionId) =>
        registry.Shared ? await lectures.AudienceAsync(sessionId) : registry.Audience(sessionId);
}
