using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

public enum LeaveOutcome
{
    Done,
    NotFound,
    /// <summary>Only a trainee admitted to the class asks for leave, and only while they are.</summary>
    NotAdmitted,
    NoSessions,
    /// <summary>A session has already started (or been closed) on the programme clock.</summary>
    SessionPast,
    /// <summary>A session of another class or of the lecture hall.</summary>
    SessionNotInClass,
    ReasonRequired,
    /// <summary>A session is already in a request that is pending or approved.</summary>
    Duplicate,
    AlreadyDecided,
    /// <summary>A refusal says why.</summary>
    CommentRequired,
}

public sealed record LeaveResult(LeaveOutcome Outcome, LeaveRequest? Request = null)
{
    public bool Succeeded => Outcome == LeaveOutcome.Done;
}

/// <summary>
/// Leave (请假) from a class's sessions. An admitted trainee asks for sessions still to come, with a reason; the head
/// teacher (or an administrator) approves or refuses with a comment. Approval records each session as
/// <see cref="AttendanceState.Excused"/> through <see cref="AttendanceBook.CorrectAsync"/>, the reason as its note, so the
/// correction is audited, the 1/7 rule counts it and a closed class is settled again in the ledger. A session the
/// trainee has checked in to by the time of the decision keeps its check-in.
/// </summary>
public sealed class ClassLeave(CoursesDbContext db, AttendanceBook book, ProgrammeClock clock)
{
    public async Task<LeaveResult> AskAsync(int classId, int personId, IEnumerable<int> sessionIds, string? reason, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null)
        {
            return new(LeaveOutcome.NotFound);
        }

        if (!await IsAdmittedAsync(classId, personId, cancellationToken))
        {
            return new(LeaveOutcome.NotAdmitted);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new(LeaveOutcome.ReasonRequired);
        }

        var ids = sessionIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new(LeaveOutcome.NoSessions);
        }

        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        if (sessions.Count != ids.Count || sessions.Any(s => s.SeriesId != trainingClass.SeriesId))
        {
            return new(LeaveOutcome.SessionNotInClass);
        }

        if (sessions.Any(s => s.ClosedAt is not null || clock.Start(s) <= clock.UtcNow))
        {
            return new(LeaveOutcome.SessionPast);
        }

        if (await db.LeaveRequests.AnyAsync(r => r.PersonId == personId && (r.State == LeaveState.Pending || r.State == LeaveState.Approved)
            && r.Sessions.Any(x => ids.Contains(x.SessionId)), cancellationToken))
        {
            return new(LeaveOutcome.Duplicate);
        }

        var request = new LeaveRequest
        {
            ClassId = classId, PersonId = personId, Reason = Clip(reason.Trim(), FieldLimits.LongText), State = LeaveState.Pending,
            RequestedBy = requestedBy, RequestedAt = clock.UtcNow,
        };
        request.Sessions.AddRange(ids.Select(id => new LeaveRequestSession { SessionId = id }));
        db.LeaveRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        return new(LeaveOutcome.Done, request);
    }

    /// <summary>Approves a pending request: each of its sessions becomes excused (unless the trainee came after all).</summary>
    public async Task<LeaveResult> ApproveAsync(int requestId, string? comment, string decidedBy, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(requestId, cancellationToken);
        if (request is null)
        {
            return new(LeaveOutcome.NotFound);
        }

        if (request.State != LeaveState.Pending)
        {
            return new(LeaveOutcome.AlreadyDecided, request);
        }

        if (!await IsAdmittedAsync(request.ClassId, request.PersonId, cancellationToken))
        {
            return new(LeaveOutcome.NotAdmitted, request);
        }

        Decide(request, LeaveState.Approved, comment, decidedBy);
        await db.SaveChangesAsync(cancellationToken);
        var ids = request.Sessions.Select(s => s.SessionId).ToList();
        var came = await db.AttendanceRecords.AsNoTracking()
            .Where(a => ids.Contains(a.SessionId) && a.PersonId == request.PersonId && a.CheckedInAt != null)
            .Select(a => a.SessionId).ToListAsync(cancellationToken);
        var note = Clip(request.Reason, FieldLimits.Title);
        foreach (var sessionId in ids.Except(came).Order())
        {
            await book.CorrectAsync(sessionId, request.PersonId, AttendanceState.Excused, note, decidedBy, cancellationToken);
        }

        return new(LeaveOutcome.Done, request);
    }

    /// <summary>Refuses a pending request with a comment saying why; the attendance book is not touched.</summary>
    public async Task<LeaveResult> RefuseAsync(int requestId, string? comment, string decidedBy, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(requestId, cancellationToken);
        if (request is null)
        {
            return new(LeaveOutcome.NotFound);
        }

        if (request.State != LeaveState.Pending)
        {
            return new(LeaveOutcome.AlreadyDecided, request);
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            return new(LeaveOutcome.CommentRequired, request);
        }

        Decide(request, LeaveState.Refused, comment, decidedBy);
        await db.SaveChangesAsync(cancellationToken);
        return new(LeaveOutcome.Done, request);
    }

    /// <summary>Each admitted trainee's standing against the 1/7 rule, with the leave their pending requests would add.</summary>
    public async Task<IReadOnlyDictionary<int, LeaveStanding>> StandingsAsync(int classId, CancellationToken cancellationToken = default)
    {
        var seriesId = await db.TrainingClasses.Where(c => c.Id == classId).Select(c => c.SeriesId).SingleAsync(cancellationToken);
        var people = await db.ClassEnrolments.Where(e => e.ClassId == classId && e.Status == EnrolmentStatus.Admitted)
            .Select(e => e.PersonId).ToListAsync(cancellationToken);
        return await StandingsAsync(classId, seriesId, people, cancellationToken);
    }

    /// <summary>One trainee's standing (whether or not they are still admitted).</summary>
    public async Task<LeaveStanding> StandingAsync(int classId, int personId, CancellationToken cancellationToken = default)
    {
        var seriesId = await db.TrainingClasses.Where(c => c.Id == classId).Select(c => c.SeriesId).SingleAsync(cancellationToken);
        return (await StandingsAsync(classId, seriesId, [personId], cancellationToken))[personId];
    }

    /// <summary>The leave hours a request would add to what is counted now: its sessions not already counted as leave.</summary>
    public async Task<decimal> HoursAddedAsync(LeaveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = request.Sessions.Select(s => s.SessionId).ToList();
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        var records = await db.AttendanceRecords.AsNoTracking().Where(a => ids.Contains(a.SessionId) && a.PersonId == request.PersonId)
            .ToDictionaryAsync(a => a.SessionId, cancellationToken);
        return sessions.Sum(s => s.CreditHours - LeaveStanding.SoFar(s, records.GetValueOrDefault(s.Id), clock));
    }

    private async Task<Dictionary<int, LeaveStanding>> StandingsAsync(int classId, int seriesId, IReadOnlyCollection<int> people, CancellationToken cancellationToken)
    {
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => s.SeriesId == seriesId).ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var records = (await db.AttendanceRecords.AsNoTracking().Where(a => ids.Contains(a.SessionId) && people.Contains(a.PersonId)).ToListAsync(cancellationToken))
            .ToDictionary(a => (a.SessionId, a.PersonId));
        var pending = (await db.LeaveRequests.AsNoTracking().Include(r => r.Sessions)
            .Where(r => r.ClassId == classId && r.State == LeaveState.Pending && people.Contains(r.PersonId)).ToListAsync(cancellationToken))
            .SelectMany(r => r.Sessions.Select(x => (x.SessionId, r.PersonId))).ToHashSet();
        var classHours = sessions.Sum(s => s.CreditHours);
        var standings = new Dictionary<int, LeaveStanding>();
        foreach (var personId in people)
        {
            decimal leave = 0, more = 0;
            foreach (var session in sessions)
            {
                var counted = LeaveStanding.SoFar(session, records.GetValueOrDefault((session.Id, personId)), clock);
                leave += counted;
                if (pending.Contains((session.Id, personId)))
                {
                    more += session.CreditHours - counted;
                }
            }

            standings[personId] = new LeaveStanding(classHours, leave, more);
        }

        return standings;
    }

    private void Decide(LeaveRequest request, LeaveState state, string? comment, string decidedBy)
    {
        request.State = state;
        request.Comment = Clip(comment?.Trim() ?? "", FieldLimits.LongText);
        request.DecidedBy = decidedBy;
        request.DecidedAt = clock.UtcNow;
    }

    private Task<bool> IsAdmittedAsync(int classId, int personId, CancellationToken cancellationToken) =>
        db.ClassEnrolments.AnyAsync(e => e.ClassId == classId && e.PersonId == personId && e.Status == EnrolmentStatus.Admitted, cancellationToken);

    private Task<LeaveRequest?> LoadAsync(int requestId, CancellationToken cancellationToken) =>
        db.LeaveRequests.Include(r => r.Sessions).SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
