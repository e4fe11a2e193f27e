using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Sessions;

public enum RegisterOutcome
{
    Registered,
    Waitlisted,
    AlreadyOnRoster,
    Assigned,
    Closed,
}

public sealed record RegisterResult(RegisterOutcome Outcome, int? WaitlistPosition = null);

/// <summary>The session's roster: the assigned audience plus registrations; seats and the waiting list.</summary>
public sealed class Roster(CoursesDbContext db, ProgrammeClock clock)
{
    private const int Attempts = 8;

    /// <summary>The people a session is assigned to: every audience filter that is set must match.</summary>
    public static IQueryable<Person> Audience(IQueryable<Person> people, LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(session);
        if (!session.HasAudience)
        {
            return people.Where(_ => false);
        }

        var tiers = session.Tiers;
        var fields = session.Fields;
        var organizations = session.TargetOrganizations.Select(o => o.OrganizationId).ToList();
        if (tiers != Tier.None)
        {
            people = people.Where(p => (p.Tiers & tiers) != 0);
        }

        if (fields != OrganizationField.None)
        {
            people = people.Where(p => (p.Organization!.Field & fields) != 0);
        }

        if (organizations.Count > 0)
        {
            people = people.Where(p => organizations.Contains(p.OrganizationId));
        }

        return people;
    }

    /// <summary>Everyone expected at the session: the audience and those with a confirmed seat.</summary>
    public IQueryable<Person> Members(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var id = session.Id;
        var registered = db.SessionRegistrations.Where(r => r.SessionId == id && r.Status == RegistrationStatus.Registered).Select(r => r.PersonId);
        var audience = Audience(db.People, session).Select(p => p.Id);
        return db.People.Where(p => audience.Contains(p.Id) || registered.Contains(p.Id));
    }

    public Task<LectureHallSession?> LoadAsync(int sessionId, CancellationToken cancellationToken = default) =>
        db.LectureHallSessions.Include(s => s.TargetOrganizations).Include(s => s.Lecturer).Include(s => s.Series)
            .SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);

    public async Task<int> SeatsLeftAsync(LectureHallSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var taken = await Members(session).CountAsync(cancellationToken);
        return Math.Max(0, session.Capacity - taken);
    }

    public async Task<RosterStanding> StandingAsync(LectureHallSession session, int personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await Audience(db.People, session).AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return RosterStanding.Assigned;
        }

        var status = await db.SessionRegistrations.Where(r => r.SessionId == session.Id && r.PersonId == personId)
            .Select(r => (RegistrationStatus?)r.Status).SingleOrDefaultAsync(cancellationToken);
        return status switch
        {
            RegistrationStatus.Registered => RosterStanding.Registered,
            RegistrationStatus.Waitlisted => RosterStanding.Waitlisted,
            _ => RosterStanding.None,
        };
    }

    public Task<bool> IsOnRosterAsync(LectureHallSession session, int personId, CancellationToken cancellationToken = default) =>
        Members(session).AnyAsync(p => p.Id == personId, cancellationToken);

    /// <summary>1-based place on the waiting list; null when not waiting.</summary>
    public async Task<int?> WaitlistPositionAsync(int sessionId, int personId, CancellationToken cancellationToken = default)
    {
        // Ordered in memory: SQLite cannot order by a DateTimeOffset column, and waiting lists are short.
        var queue = await WaitingAsync(sessionId, cancellationToken);
        var index = queue.FindIndex(r => r.PersonId == personId);
        return index < 0 ? null : index + 1;
    }

    private async Task<List<SessionRegistration>> WaitingAsync(int sessionId, CancellationToken cancellationToken)
    {
        var waiting = await db.SessionRegistrations.Where(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted).ToListAsync(cancellationToken);
        return waiting.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).ToList();
    }

    /// <summary>Takes a seat if one is left, else a place on the waiting list.</summary>
    public async Task<RegisterResult> RegisterAsync(int sessionId, int personId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var session = await LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
            if (session.ClosedAt is not null || clock.End(session) <= clock.UtcNow)
            {
                return new(RegisterOutcome.Closed);
            }

            var standing = await StandingAsync(session, personId, cancellationToken);
            if (standing == RosterStanding.Assigned)
            {
                return new(RegisterOutcome.Assigned);
            }

            if (standing != RosterStanding.None)
            {
                return new(RegisterOutcome.AlreadyOnRoster, await WaitlistPositionAsync(sessionId, personId, cancellationToken));
            }

            var seatsLeft = await SeatsLeftAsync(session, cancellationToken);
            var waiting = await db.SessionRegistrations.AnyAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Waitlisted, cancellationToken);
            var registration = await db.SessionRegistrations.SingleOrDefaultAsync(r => r.SessionId == sessionId && r.PersonId == personId, cancellationToken)
                ?? db.SessionRegistrations.Add(new SessionRegistration { SessionId = sessionId, PersonId = personId }).Entity;
            // Nobody jumps the queue: with people waiting, a freed seat is theirs, not a newcomer's.
            registration.Status = seatsLeft > 0 && !waiting ? RegistrationStatus.Registered : RegistrationStatus.Waitlisted;
            registration.RequestedAt = clock.UtcNow;
            registration.PromotedAt = null;
            session.RosterVersion++;
            if (await TrySaveAsync(attempt, cancellationToken))
            {
                return registration.Status == RegistrationStatus.Registered
                    ? new(RegisterOutcome.Registered)
                    : new(RegisterOutcome.Waitlisted, await WaitlistPositionAsync(sessionId, personId, cancellationToken));
            }
        }
    }

    /// <summary>Gives up a seat or a waiting place; returns who was promoted into a freed seat (null: nothing to cancel).</summary>
    public async Task<IReadOnlyList<int>?> CancelAsync(int sessionId, int personId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var session = await LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
            var registration = await db.SessionRegistrations.SingleOrDefaultAsync(r => r.SessionId == sessionId && r.PersonId == personId
                && r.Status != RegistrationStatus.Cancelled, cancellationToken);
            if (registration is null)
            {
                return null;
            }

            var freed = registration.Status == RegistrationStatus.Registered ? 1 : 0;
            registration.Status = RegistrationStatus.Cancelled;
            session.RosterVersion++;
            var promoted = await PromoteAsync(session, freed, cancellationToken);
            if (await TrySaveAsync(attempt, cancellationToken))
            {
                return promoted;
            }
        }
    }

    /// <summary>Fills free seats from the waiting list after a capacity or audience change; returns who was promoted.</summary>
    public async Task<IReadOnlyList<int>> FillSeatsAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var session = await LoadAsync(sessionId, cancellationToken) ?? throw new InvalidOperationException("No such session.");
            var promoted = await PromoteAsync(session, 0, cancellationToken);
            if (promoted.Count == 0)
            {
                return promoted;
            }

            session.RosterVersion++;
            if (await TrySaveAsync(attempt, cancellationToken))
            {
                return promoted;
            }
        }
    }

    /// <summary>First come, first served: the longest-waiting people take the free seats (unsaved).</summary>
    private async Task<List<int>> PromoteAsync(LectureHallSession session, int freedSeats, CancellationToken cancellationToken)
    {
        if (session.ClosedAt is not null)
        {
            return [];
        }

        var seats = await SeatsLeftAsync(session, cancellationToken) + freedSeats;
        if (seats <= 0)
        {
            return [];
        }

        var next = (await WaitingAsync(session.Id, cancellationToken)).Take(seats).ToList();
        var now = clock.UtcNow;
        foreach (var registration in next)
        {
            registration.Status = RegistrationStatus.Registered;
            registration.PromotedAt = now;
        }

        return next.Select(r => r.PersonId).ToList();
    }

    private async Task<bool> TrySaveAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (attempt < Attempts)
        {
            // Someone else changed the roster (the version moved, or the same person registered twice at once): read it again.
            await Task.Delay(Random.Shared.Next(5, 40) * attempt, cancellationToken);
            return false;
        }
    }
}
