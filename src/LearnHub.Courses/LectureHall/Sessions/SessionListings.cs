using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>One of a person's own sessions: a confirmed seat, or a place (1-based) on its waiting list.</summary>
public sealed record PersonSession(LectureHallSession Session, RosterStanding Standing, int? WaitlistPosition);

/// <summary>
/// The sessions one person's pages list: a lecturer's own, a trainee's seats and waiting places. Both read the
/// same way — with their series, in programme-clock order (dates and times are the programme's wall clock).
/// </summary>
public sealed class SessionListings(CoursesDbContext db, Roster roster)
{
    /// <summary>The sessions a lecturer gives, earliest first.</summary>
    public Task<List<LectureHallSession>> OfLecturerAsync(int lecturerId, CancellationToken cancellationToken = default) =>
        OrderedAsync(db.LectureHallSessions.Where(s => s.LecturerId == lecturerId), cancellationToken);

    /// <summary>The sessions a person registered for or waits for (not those they cancelled), earliest first.</summary>
    public async Task<IReadOnlyList<PersonSession>> OfPersonAsync(int personId, CancellationToken cancellationToken = default)
    {
        var mine = await db.SessionRegistrations.AsNoTracking()
            .Where(r => r.PersonId == personId && (r.Status == RegistrationStatus.Registered || r.Status == RegistrationStatus.Waitlisted))
            .ToDictionaryAsync(r => r.SessionId, r => r.Status, cancellationToken);
        var sessions = await ByIdsAsync([.. mine.Keys], cancellationToken);
        var rows = new List<PersonSession>(sessions.Count);
        foreach (var session in sessions)
        {
            rows.Add(mine[session.Id] == RegistrationStatus.Registered
                ? new PersonSession(session, RosterStanding.Registered, null)
                : new PersonSession(session, RosterStanding.Waitlisted, await roster.WaitlistPositionAsync(session.Id, personId, cancellationToken)));
        }

        return rows;
    }

    /// <summary>The given sessions (those a plan assigns, say), earliest first.</summary>
    public Task<List<LectureHallSession>> ByIdsAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken = default) =>
        OrderedAsync(db.LectureHallSessions.Where(s => ids.Contains(s.Id)), cancellationToken);

    private static Task<List<LectureHallSession>> OrderedAsync(IQueryable<LectureHallSession> sessions, CancellationToken cancellationToken) =>
        sessions.AsNoTracking().Include(s => s.Series).Include(s => s.TargetOrganizations)
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime).ToListAsync(cancellationToken);
}
