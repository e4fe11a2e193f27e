using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

public enum EnrolmentOutcome
{
    Done,
    NotFound,
    /// <summary>The person already has an enrolment that stands (pending, admitted or waiting).</summary>
    AlreadyEnrolled,
    /// <summary>Their organization has used its quota.</summary>
    OverQuota,
    /// <summary>The class has ended: no more enrolments or decisions.</summary>
    Closed,
    /// <summary>Someone applying themselves is outside the class's target tiers or organizations.</summary>
    NotInAudience,
    /// <summary>The decision was taken already (approving a refused enrolment, refusing a withdrawn one).</summary>
    AlreadyDecided,
    ReasonRequired,
    /// <summary>Another decision on the class's seats saved first, twice in a row: nothing changed; try again.</summary>
    Contended,
    /// <summary>The person has completed the class (its credit stands): withdrawing or refusing them now would undo a finished record.</summary>
    Completed,
}

/// <summary>A person whose standing changed, so that they (and whoever nominated them) can be told.</summary>
public sealed record EnrolmentMove(int EnrolmentId, int PersonId, EnrolmentStatus Status, string RequestedBy);

/// <summary>Another class a person stands in on some of the same days.</summary>
public sealed record ClassOverlap(int ClassId, string Title, DateOnly StartsOn, DateOnly EndsOn, EnrolmentStatus Status);

public sealed record EnrolmentResult(EnrolmentOutcome Outcome, IReadOnlyList<EnrolmentMove> Moves)
{
    public bool Succeeded => Outcome == EnrolmentOutcome.Done;

    public static EnrolmentResult Failed(EnrolmentOutcome outcome) => new(outcome, []);
}

/// <summary>
/// Enrolment in a class: nominations (单位推荐) and applications wait for the organizer, who approves (a seat, or the
/// waiting list when the class is full) or refuses with a reason. A freed seat goes to the longest-waiting approved
/// person by itself. Admitted people are registered for every session of the class, which is what puts them on the
/// sessions' rosters for check-in, attendance and the class's completion.
/// </summary>
public sealed class ClassEnrolments(CoursesDbContext db, ProgrammeClock clock)
{
    /// <summary>A nomination by a contact person, supervisor or administrator; whom they may nominate is checked by the caller.</summary>
    public Task<EnrolmentResult> NominateAsync(int classId, int personId, string nominatedBy, CancellationToken cancellationToken = default) =>
        RequestAsync(classId, personId, EnrolmentRoute.Nominated, nominatedBy, cancellationToken);

    /// <summary>A person applying for themselves from the class page: only within the class's audience.</summary>
    public Task<EnrolmentResult> ApplyAsync(int classId, int personId, string userId, CancellationToken cancellationToken = default) =>
        RequestAsync(classId, personId, EnrolmentRoute.Applied, userId, cancellationToken);

    /// <summary>Approves a pending enrolment: a seat when one is free, otherwise the waiting list.</summary>
    public Task<EnrolmentResult> ApproveAsync(int enrolmentId, string decidedBy, CancellationToken cancellationToken = default) =>
        OnceMoreOnConflictAsync(() => TryApproveAsync(enrolmentId, decidedBy, cancellationToken));

    private async Task<EnrolmentResult> TryApproveAsync(int enrolmentId, string decidedBy, CancellationToken cancellationToken)
    {
        var enrolment = await LoadAsync(enrolmentId, cancellationToken);
        if (enrolment?.Class is not { } trainingClass)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.NotFound);
        }

        if (HasEnded(trainingClass))
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.Closed);
        }

        if (enrolment.Status != EnrolmentStatus.Pending)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.AlreadyDecided);
        }

        var now = clock.UtcNow;
        enrolment.ApprovedAt = now;
        enrolment.DecidedAt = now;
        enrolment.DecidedBy = decidedBy;
        var admitted = await db.ClassEnrolments.CountAsync(e => e.ClassId == trainingClass.Id && e.Status == EnrolmentStatus.Admitted, cancellationToken);
        if (admitted < trainingClass.Capacity)
        {
            await AdmitAsync(trainingClass, enrolment, cancellationToken);
        }
        else
        {
            enrolment.Status = EnrolmentStatus.Waitlisted;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new(EnrolmentOutcome.Done, [Move(enrolment)]);
    }

    /// <summary>Refuses an enrolment that stands, with a reason; a seat it held goes to the waiting list.</summary>
    public async Task<EnrolmentResult> RefuseAsync(int enrolmentId, string reason, string decidedBy, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.ReasonRequired);
        }

        return await OnceMoreOnConflictAsync(() => EndAsync(enrolmentId, EnrolmentStatus.Refused, reason.Trim(), decidedBy, cancellationToken));
    }

    /// <summary>The person (or whoever nominated them) takes the enrolment back; a seat it held goes to the waiting list.</summary>
    public Task<EnrolmentResult> WithdrawAsync(int enrolmentId, string by, CancellationToken cancellationToken = default) =>
        OnceMoreOnConflictAsync(() => EndAsync(enrolmentId, EnrolmentStatus.Withdrawn, "", by, cancellationToken));

    /// <summary>
    /// Runs a decision that takes or frees seats. When another decision on the same class saved first (its
    /// <see cref="TrainingClass.SeatsVersion"/> or a session's roster moved), forgets what it loaded and decides once more
    /// on the fresh count, so the last seat goes to one and the other lands on the waiting list; a second conflict in a
    /// row is reported, never thrown.
    /// </summary>
    private Task<EnrolmentResult> OnceMoreOnConflictAsync(Func<Task<EnrolmentResult>> decide) =>
        OnceMoreOnConflictAsync(db, decide, EnrolmentResult.Failed(EnrolmentOutcome.Contended));

    /// <summary>
    /// Runs <paramref name="decide"/>; when it loses a race on a concurrency token, forgets everything the context
    /// loaded and runs it once more on fresh values; a second loss in a row returns <paramref name="contended"/>.
    /// </summary>
    internal static async Task<T> OnceMoreOnConflictAsync<T>(CoursesDbContext context, Func<Task<T>> decide, T contended)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await decide();
            }
            catch (DbUpdateConcurrencyException)
            {
                context.ChangeTracker.Clear();
                if (attempt == 2)
                {
                    return contended;
                }
            }
        }
    }

    /// <summary>Gives free seats to the waiting list in approval order (after a refusal, a withdrawal, more seats).</summary>
    public async Task<IReadOnlyList<EnrolmentMove>> FillSeatsAsync(int classId, CancellationToken cancellationToken = default)
    {
        var trainingClass = await db.TrainingClasses.SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null)
        {
            return [];
        }

        try
        {
            var moves = await FillSeatsAsync(trainingClass, 0, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return moves;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another decision moved the seats meanwhile and filled them from the same list itself.
            db.ChangeTracker.Clear();
            return [];
        }
    }

    /// <summary>How many people of an organization stand in the class (pending, admitted or waiting): what the quota limits.</summary>
    public Task<int> UsedQuotaAsync(int classId, int organizationId, CancellationToken cancellationToken = default) =>
        db.ClassEnrolments.CountAsync(e => e.ClassId == classId && e.Person!.OrganizationId == organizationId
            && (e.Status == EnrolmentStatus.Pending || e.Status == EnrolmentStatus.Admitted || e.Status == EnrolmentStatus.Waitlisted), cancellationToken);

    private async Task<EnrolmentResult> RequestAsync(int classId, int personId, EnrolmentRoute route, string requestedBy, CancellationToken cancellationToken)
    {
        var trainingClass = await db.TrainingClasses.Include(c => c.TargetOrganizations).SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        var person = await db.People.SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (trainingClass is null || person is null)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.NotFound);
        }

        if (HasEnded(trainingClass))
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.Closed);
        }

        if (route == EnrolmentRoute.Applied && !trainingClass.Targets(person))
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.NotInAudience);
        }

        var existing = await db.ClassEnrolments.SingleOrDefaultAsync(e => e.ClassId == classId && e.PersonId == personId, cancellationToken);
        if (existing?.IsActive == true)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.AlreadyEnrolled);
        }

        if (trainingClass.OrganizationQuota is { } quota && await UsedQuotaAsync(classId, person.OrganizationId, cancellationToken) >= quota)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.OverQuota);
        }

        // One row per person and class: a refused or withdrawn person asking again reopens theirs, keeping it unique.
        var enrolment = existing ?? db.ClassEnrolments.Add(new ClassEnrolment { ClassId = classId, PersonId = personId }).Entity;
        enrolment.Route = route;
        enrolment.Status = EnrolmentStatus.Pending;
        enrolment.RequestedBy = requestedBy;
        enrolment.RequestedAt = clock.UtcNow;
        enrolment.ApprovedAt = null;
        enrolment.DecidedAt = null;
        enrolment.DecidedBy = null;
        enrolment.Reason = "";
        await db.SaveChangesAsync(cancellationToken);
        return new(EnrolmentOutcome.Done, [Move(enrolment)]);
    }

    private async Task<EnrolmentResult> EndAsync(int enrolmentId, EnrolmentStatus to, string reason, string by, CancellationToken cancellationToken)
    {
        var enrolment = await LoadAsync(enrolmentId, cancellationToken);
        if (enrolment?.Class is not { } trainingClass)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.NotFound);
        }

        if (HasEnded(trainingClass))
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.Closed);
        }

        if (!enrolment.IsActive)
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.AlreadyDecided);
        }

        if (await HasCompletedAsync(trainingClass, enrolment.PersonId, cancellationToken))
        {
            return EnrolmentResult.Failed(EnrolmentOutcome.Completed);
        }

        var heldSeat = enrolment.Status == EnrolmentStatus.Admitted;
        enrolment.Status = to;
        enrolment.Reason = reason;
        enrolment.DecidedAt = clock.UtcNow;
        enrolment.DecidedBy = by;
        if (heldSeat)
        {
            await ReleaseAsync(trainingClass, enrolment.PersonId, cancellationToken);
        }

        // One save for the decision and the seat it frees, so a conflict leaves neither behind.
        var moves = new List<EnrolmentMove> { Move(enrolment) };
        moves.AddRange(await FillSeatsAsync(trainingClass, heldSeat ? 1 : 0, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return new(EnrolmentOutcome.Done, moves);
    }

    /// <summary>Admits from the waiting list into the free seats; <paramref name="freedUnsaved"/> seats were freed by changes not saved yet.</summary>
    private async Task<List<EnrolmentMove>> FillSeatsAsync(TrainingClass trainingClass, int freedUnsaved, CancellationToken cancellationToken)
    {
        var admitted = await db.ClassEnrolments.CountAsync(e => e.ClassId == trainingClass.Id && e.Status == EnrolmentStatus.Admitted, cancellationToken);
        var free = trainingClass.Capacity - admitted + freedUnsaved;
        if (free <= 0 || HasEnded(trainingClass))
        {
            return [];
        }

        // Ordered here, not in SQL: SQLite cannot order by a DateTimeOffset, and a waiting list is short.
        var waiting = (await db.ClassEnrolments.Where(e => e.ClassId == trainingClass.Id && e.Status == EnrolmentStatus.Waitlisted).ToListAsync(cancellationToken))
            .OrderBy(e => e.ApprovedAt).ThenBy(e => e.Id).Take(free).ToList();
        var moves = new List<EnrolmentMove>();
        foreach (var enrolment in waiting)
        {
            await AdmitAsync(trainingClass, enrolment, cancellationToken);
            moves.Add(Move(enrolment));
        }

        return moves;
    }

    /// <summary>A seat in the class is a registration for each of its sessions: that is the sessions' roster.</summary>
    private async Task AdmitAsync(TrainingClass trainingClass, ClassEnrolment enrolment, CancellationToken cancellationToken)
    {
        enrolment.Status = EnrolmentStatus.Admitted;
        trainingClass.SeatsVersion++;
        var sessions = await db.LectureHallSessions.Where(s => s.SeriesId == trainingClass.SeriesId).ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var registrations = await db.SessionRegistrations.Where(r => ids.Contains(r.SessionId) && r.PersonId == enrolment.PersonId)
            .ToDictionaryAsync(r => r.SessionId, cancellationToken);
        foreach (var session in sessions)
        {
            if (!registrations.TryGetValue(session.Id, out var registration))
            {
                registration = db.SessionRegistrations.Add(new SessionRegistration { SessionId = session.Id, PersonId = enrolment.PersonId }).Entity;
            }

            registration.Status = RegistrationStatus.Registered;
            registration.RequestedAt = enrolment.RequestedAt;
            registration.PromotedAt = clock.UtcNow;
            // The roster changed: a registration saved against the old one at the same moment fails and is retried.
            session.RosterVersion++;
        }
    }

    private async Task ReleaseAsync(TrainingClass trainingClass, int personId, CancellationToken cancellationToken)
    {
        trainingClass.SeatsVersion++;
        var sessions = await db.LectureHallSessions.Where(s => s.SeriesId == trainingClass.SeriesId && s.ClosedAt == null).ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var registrations = await db.SessionRegistrations.Where(r => ids.Contains(r.SessionId) && r.PersonId == personId).ToListAsync(cancellationToken);
        foreach (var registration in registrations)
        {
            registration.Status = RegistrationStatus.Cancelled;
        }

        foreach (var session in sessions)
        {
            session.RosterVersion++;
        }
    }

    /// <summary>
    /// The other classes a person stands in (pending, admitted or waiting) whose dates overlap this class's: one cannot
    /// sit in two classrooms at once, yet the dates may change or one class may end early, so callers warn and let the
    /// person who decides confirm rather than refuse.
    /// </summary>
    public async Task<IReadOnlyList<ClassOverlap>> OverlapsAsync(int classId, int personId, CancellationToken cancellationToken = default)
    {
        var dates = await db.TrainingClasses.AsNoTracking().Where(c => c.Id == classId).Select(c => new { c.StartsOn, c.EndsOn }).SingleOrDefaultAsync(cancellationToken);
        if (dates is null)
        {
            return [];
        }

        return await db.ClassEnrolments.AsNoTracking()
            .Where(e => e.PersonId == personId && e.ClassId != classId
                && (e.Status == EnrolmentStatus.Pending || e.Status == EnrolmentStatus.Admitted || e.Status == EnrolmentStatus.Waitlisted)
                && e.Class!.StartsOn <= dates.EndsOn && e.Class.EndsOn >= dates.StartsOn)
            .OrderBy(e => e.Class!.StartsOn)
            .Select(e => new ClassOverlap(e.ClassId, e.Class!.Title, e.Class.StartsOn, e.Class.EndsOn, e.Status))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Where an approved person stands on the waiting list, counting from 1; null when they are not waiting.</summary>
    public async Task<int?> WaitingPositionAsync(int classId, int personId, CancellationToken cancellationToken = default)
    {
        var waiting = (await db.ClassEnrolments.AsNoTracking().Where(e => e.ClassId == classId && e.Status == EnrolmentStatus.Waitlisted)
            .Select(e => new { e.Id, e.PersonId, e.ApprovedAt }).ToListAsync(cancellationToken))
            .OrderBy(e => e.ApprovedAt).ThenBy(e => e.Id).Select(e => e.PersonId).ToList();
        var index = waiting.IndexOf(personId);
        return index < 0 ? null : index + 1;
    }

    private Task<ClassEnrolment?> LoadAsync(int enrolmentId, CancellationToken cancellationToken) =>
        db.ClassEnrolments.Include(e => e.Class).SingleOrDefaultAsync(e => e.Id == enrolmentId, cancellationToken);

    /// <summary>Whether the person's completion of the class is credited and not reversed: the class is over for them, whatever its last day.</summary>
    public Task<bool> HasCompletedAsync(TrainingClass trainingClass, int personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        return Certificates.ClassCertificates.StandingCredits(db, trainingClass.SeriesId, personId).AnyAsync(cancellationToken);
    }

    private bool HasEnded(TrainingClass trainingClass) => trainingClass.EndsOn < clock.Today;

    private static EnrolmentMove Move(ClassEnrolment e) => new(e.Id, e.PersonId, e.Status, e.RequestedBy);
}
