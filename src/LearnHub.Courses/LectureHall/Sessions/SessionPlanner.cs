using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>A lecture-hall session as typed into the admin form (or read from elsewhere), before its rules are checked.</summary>
public sealed record SessionDraft(int Number, DateOnly? Date, TimeOnly? StartTime, TimeOnly? EndTime, string? Topic, string? Description,
    int? LecturerId, string? Venue, bool HasLiveRoom, int Capacity, IEnumerable<Tier> Tiers, IEnumerable<OrganizationField> Fields,
    string? OrganizationCodes);

/// <summary>The part of a session a problem is about.</summary>
public enum SessionField
{
    Number,
    Date,
    StartTime,
    EndTime,
    Topic,
    LecturerId,
    Organizations,
}

public enum SessionProblem
{
    Required,
    UnknownOrganization,
    DuplicateNumber,
    UnknownLecturer,
    EndBeforeStart,
    OutsideTerm,
    Overlaps,
    /// <summary>A class's session dated outside the class.</summary>
    OutsideClass,
}

/// <summary>One broken rule, keyed by field; <see cref="Value"/> is the unknown credit code, <see cref="Clash"/> the overlapping session.</summary>
public sealed record SessionError(SessionField Field, SessionProblem Problem, string? Value = null, LectureHallSession? Clash = null);

public sealed record SessionSaveResult(LectureHallSession? Session, IReadOnlyList<SessionError> Errors, RosterChange Change)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>What became of a change to the hall's plan that has no form to show errors on.</summary>
public enum PlanningOutcome
{
    Done,
    NotFound,
    /// <summary>The rule forbids it now (a closed session, recorded attendance).</summary>
    Refused,
}

/// <summary>
/// Creates and changes lecture-hall sessions: the number unique in its series, a known lecturer free at that time and
/// within their term, the assigned organizations by credit code; then seats freed by the change go to the waiting list.
/// </summary>
public sealed class SessionPlanner(CoursesDbContext db, SessionScheduling scheduling, Roster roster)
{
    private static readonly char[] CodeSeparators = ['\n', '\r', ',', '，', ' ', ';', '；'];

    /// <summary>
    /// Checks <paramref name="draft"/> for session <paramref name="sessionId"/> (null: a new one) of a series. The schedule
    /// is checked only when <paramref name="withSchedule"/> and everything else is right, as it needs a whole draft.
    /// </summary>
    public async Task<List<SessionError>> CheckAsync(int seriesId, int? sessionId, SessionDraft draft, bool withSchedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<SessionError>();
        var (codes, organizations) = await OrganizationsAsync(draft, cancellationToken);
        if (codes.Except(organizations.Select(o => o.CreditCode)).FirstOrDefault() is { } unknown)
        {
            errors.Add(new(SessionField.Organizations, SessionProblem.UnknownOrganization, unknown));
        }

        if (await db.LectureHallSessions.AnyAsync(s => s.SeriesId == seriesId && s.Number == draft.Number && s.Id != (sessionId ?? 0), cancellationToken))
        {
            errors.Add(new(SessionField.Number, SessionProblem.DuplicateNumber));
        }

        if (draft.LecturerId is { } lecturerId && !await db.Lecturers.AnyAsync(l => l.Id == lecturerId, cancellationToken))
        {
            errors.Add(new(SessionField.LecturerId, SessionProblem.UnknownLecturer));
        }

        if (draft.Date is null) errors.Add(new(SessionField.Date, SessionProblem.Required));
        if (draft.StartTime is null) errors.Add(new(SessionField.StartTime, SessionProblem.Required));
        if (draft.EndTime is null) errors.Add(new(SessionField.EndTime, SessionProblem.Required));
        if (string.IsNullOrWhiteSpace(draft.Topic)) errors.Add(new(SessionField.Topic, SessionProblem.Required));
        if (!withSchedule || errors.Count > 0)
        {
            return errors;
        }

        var check = await scheduling.CheckAsync(sessionId, draft.LecturerId, draft.Date!.Value, draft.StartTime!.Value, draft.EndTime!.Value, cancellationToken);
        switch (check.Problem)
        {
            case SchedulingProblem.EndBeforeStart:
                errors.Add(new(SessionField.EndTime, SessionProblem.EndBeforeStart));
                break;
            case SchedulingProblem.OutsideTerm:
                errors.Add(new(SessionField.LecturerId, SessionProblem.OutsideTerm));
                break;
            case SchedulingProblem.Overlaps:
                errors.Add(new(SessionField.LecturerId, SessionProblem.Overlaps, Clash: check.Clash));
                break;
        }

        return errors;
    }

    /// <summary>
    /// Checks and saves a session, then fills seats the change freed (a larger room, a changed audience) from the waiting
    /// list. Nothing is saved when the result has errors; the change says who was promoted.
    /// </summary>
    public async Task<SessionSaveResult> SaveAsync(int seriesId, int? sessionId, SessionDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = await CheckAsync(seriesId, sessionId, draft, withSchedule: true, cancellationToken);
        if (errors.Count > 0)
        {
            return new(null, errors, RosterChange.None);
        }

        var (_, organizations) = await OrganizationsAsync(draft, cancellationToken);
        var session = sessionId is { } existing
            ? await db.LectureHallSessions.Include(s => s.TargetOrganizations).SingleAsync(s => s.Id == existing, cancellationToken)
            : db.LectureHallSessions.Add(new LectureHallSession { SeriesId = seriesId }).Entity;
        session.Schedule(draft.Number, draft.Date!.Value, draft.StartTime!.Value, draft.EndTime!.Value, draft.Topic!, draft.Description,
            draft.LecturerId, draft.Venue, draft.HasLiveRoom);
        session.SetAudience(draft.Capacity,
            draft.Tiers.Where(x => Enum.IsDefined(x)).Aggregate(Tier.None, (a, x) => a | x),
            draft.Fields.Where(x => Enum.IsDefined(x)).Aggregate(OrganizationField.None, (a, x) => a | x),
            organizations.Select(o => o.Id));
        await db.SaveChangesAsync(cancellationToken);

        var promoted = await roster.FillSeatsAsync(session.Id, cancellationToken);
        return new(session, [], RosterChange.PromotedFrom(promoted));
    }

    /// <summary>
    /// Makes a series one multi-day class (credited as a whole under the 1/7 leave rule) or back. Refused once any of
    /// its sessions is closed: credits already given one way would not match the other.
    /// </summary>
    public async Task<PlanningOutcome> SetClassAsync(int seriesId, bool isClass, CancellationToken cancellationToken = default)
    {
        var series = await db.LectureHallSeries.SingleOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        if (series is null)
        {
            return PlanningOutcome.NotFound;
        }

        // A training class's own series is a class for as long as the class exists: its timetable, enrolment and
        // completion hang on it, so it is never switched from the lecture-hall page.
        if (await db.LectureHallSessions.AnyAsync(s => s.SeriesId == seriesId && s.ClosedAt != null, cancellationToken)
            || await db.TrainingClasses.AnyAsync(c => c.SeriesId == seriesId, cancellationToken))
        {
            return PlanningOutcome.Refused;
        }

        series.IsClass = isClass;
        await db.SaveChangesAsync(cancellationToken);
        return PlanningOutcome.Done;
    }

    /// <summary>Removes a session, unless it has attendance: that is the evidence behind ledger credits and never disappears.</summary>
    public async Task<PlanningOutcome> RemoveAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        var session = await db.LectureHallSessions.SingleOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return PlanningOutcome.NotFound;
        }

        if (await db.AttendanceRecords.AnyAsync(a => a.SessionId == sessionId, cancellationToken))
        {
            return PlanningOutcome.Refused;
        }

        db.LectureHallSessions.Remove(session);
        await db.SaveChangesAsync(cancellationToken);
        return PlanningOutcome.Done;
    }

    private async Task<(List<string> Codes, List<(int Id, string CreditCode)> Organizations)> OrganizationsAsync(SessionDraft draft, CancellationToken cancellationToken)
    {
        var codes = (draft.OrganizationCodes ?? "").Split(CodeSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).Distinct().ToList();
        var found = await db.Organizations.Where(o => codes.Contains(o.CreditCode)).Select(o => new { o.Id, o.CreditCode }).ToListAsync(cancellationToken);
        return (codes, found.Select(o => (o.Id, o.CreditCode)).ToList());
    }
}
