using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>Enrolment in numbers: how people came (applied or nominated, every request) and where they stand now.</summary>
public sealed record EnrolmentCounts(int Applied, int Nominated, int Pending, int Admitted, int Waitlisted, int Refused, int Withdrawn)
{
    public int Total => Applied + Nominated;
}

/// <summary>
/// One session's attendance: those expected (its roster), and how they came. Attended counts everyone who was there, late
/// or leaving early included; the rate is attended over expected.
/// </summary>
public sealed record SessionAttendance(int SessionId, int Number, DateOnly Date, string Topic, bool Closed, int Expected, int Present, int Late, int LeftEarly,
    int Absent, int Excused)
{
    public int Attended => Present + Late + LeftEarly;

    public decimal Rate => Expected == 0 ? 0 : Math.Round((decimal)Attended / Expected, 4);
}

/// <summary>The reflections of the admitted trainees: handed in (latest attempts), waiting, accepted, refused, missing, flagged for copying.</summary>
public sealed record ReflectionCounts(bool Required, int Submitted, int Awaiting, int Passed, int Failed, int Missing, int Flagged);

/// <summary>
/// The closing summary (结业总结) of a class: enrolment, attendance per session, completion and reflections, for the
/// admitted trainees. Completion counts only once every session is closed (before that nobody has completed).
/// </summary>
public sealed record ClassSummary(TrainingClass Class, EnrolmentCounts Enrolment, IReadOnlyList<SessionAttendance> Sessions, IReadOnlyList<ClassStanding> Standings,
    ReflectionCounts Reflections, IReadOnlyList<OverlapPair> Overlaps)
{
    public bool Settled => Sessions.Count > 0 && Sessions.All(s => s.Closed);

    public int Completed => Standings.Count(s => s.Completes);

    public decimal CompletionRate => Standings.Count == 0 ? 0 : Math.Round((decimal)Completed / Standings.Count, 4);

    public int AttendanceMet => Standings.Count(s => s.AttendanceCheck == CheckState.Met);

    /// <summary>Null when the class has no closing quiz.</summary>
    public int? QuizPassed => Standings.Any(s => s.Quiz != CheckState.NotRequired) ? Standings.Count(s => s.Quiz == CheckState.Met) : null;

    /// <summary>Attended over expected across the closed sessions.</summary>
    public decimal AttendanceRate
    {
        get
        {
            var closed = Sessions.Where(s => s.Closed).ToList();
            var expected = closed.Sum(s => s.Expected);
            return expected == 0 ? 0 : Math.Round((decimal)closed.Sum(s => s.Attended) / expected, 4);
        }
    }
}

/// <summary>Builds a class's closing summary from its enrolments, attendance records, standings and reflections.</summary>
public sealed class ClassSummaries(CoursesDbContext db, Roster roster, ClassStandings standings, ClassReflections reflections)
{
    public async Task<ClassSummary?> OfAsync(int classId, CancellationToken cancellationToken = default)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null)
        {
            return null;
        }

        var enrolments = await db.ClassEnrolments.AsNoTracking().Where(e => e.ClassId == classId).Select(e => new { e.PersonId, e.Route, e.Status }).ToListAsync(cancellationToken);
        int Count(EnrolmentStatus status) => enrolments.Count(e => e.Status == status);
        var counts = new EnrolmentCounts(enrolments.Count(e => e.Route == EnrolmentRoute.Applied), enrolments.Count(e => e.Route == EnrolmentRoute.Nominated),
            Count(EnrolmentStatus.Pending), Count(EnrolmentStatus.Admitted), Count(EnrolmentStatus.Waitlisted), Count(EnrolmentStatus.Refused), Count(EnrolmentStatus.Withdrawn));

        var sessions = await db.LectureHallSessions.Include(s => s.TargetOrganizations).AsNoTracking().Where(s => s.SeriesId == trainingClass.SeriesId)
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime).ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var records = await db.AttendanceRecords.AsNoTracking().Where(a => ids.Contains(a.SessionId)).Select(a => new { a.SessionId, a.PersonId, a.State })
            .ToListAsync(cancellationToken);
        var attendance = new List<SessionAttendance>();
        foreach (var session in sessions)
        {
            var marked = records.Where(r => r.SessionId == session.Id).ToList();
            // Expected: the roster, and anyone marked who has since left it (a closed session keeps its records).
            var expected = (await roster.Members(session).Select(p => p.Id).ToListAsync(cancellationToken)).Union(marked.Select(r => r.PersonId)).Count();
            int Of(AttendanceState state) => marked.Count(r => r.State == state);
            attendance.Add(new SessionAttendance(session.Id, session.Number, session.Date, session.Topic, session.ClosedAt is not null, expected,
                Of(AttendanceState.Present), Of(AttendanceState.Late), Of(AttendanceState.LeftEarly), Of(AttendanceState.Absent), Of(AttendanceState.Excused)));
        }

        var admitted = enrolments.Where(e => e.Status == EnrolmentStatus.Admitted).Select(e => e.PersonId).ToList();
        var standing = await standings.OfSeriesAsync(trainingClass.SeriesId, admitted, cancellationToken);
        var overlaps = trainingClass.ReflectionRequired ? await reflections.OverlapsAsync(classId, cancellationToken) : [];
        var latest = standing.Where(s => s.Reflection is not null).Select(s => s.Reflection!).ToList();
        var flagged = latest.Count(r => overlaps.Any(p => p.Involves(r.Id)));
        var reflectionCounts = new ReflectionCounts(trainingClass.ReflectionRequired, latest.Count, latest.Count(r => r.Status == ReflectionStatus.Submitted),
            latest.Count(r => r.Status == ReflectionStatus.Passed), latest.Count(r => r.Status == ReflectionStatus.Failed), admitted.Count - latest.Count, flagged);
        return new ClassSummary(trainingClass, counts, attendance, standing, reflectionCounts, overlaps);
    }
}
