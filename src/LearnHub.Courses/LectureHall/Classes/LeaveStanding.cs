using LearnHub.Courses.Calendar;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>
/// Where a trainee stands against the 1/7 leave rule (<see cref="ClassCompletion"/>) so far: the class's hours, the
/// leave taken (sessions excused, including approved leave still to come, and sessions missed or left early that have
/// been held) and the leave that pending requests would add if approved.
/// </summary>
public sealed record LeaveStanding(decimal ClassHours, decimal LeaveHours, decimal PendingHours)
{
    /// <summary>The leave the class allows: 1/7 of its hours.</summary>
    public decimal AllowedHours => ClassHours / 7;

    /// <summary>Whether the leave so far is over 1/7 (exactly 1/7 still completes).</summary>
    public bool Exceeds => Over(LeaveHours);

    /// <summary>Whether approving every pending request would take the trainee over 1/7.</summary>
    public bool PendingWouldExceed => PendingHours > 0 && Over(LeaveHours + PendingHours);

    /// <summary>Whether approving leave of <paramref name="moreHours"/> more would take the trainee over 1/7.</summary>
    public bool WouldExceedWith(decimal moreHours) => Over(LeaveHours + moreHours);

    private bool Over(decimal leave) => ClassHours > 0 && !ClassCompletion.Completes(ClassHours, leave);

    /// <summary>
    /// The leave one session counts for so far: an excused session (approved leave, even before it is held) and any
    /// other record as the rule reads it; a session with no record only once it has ended (then it is an absence).
    /// </summary>
    public static decimal SoFar(LectureHallSession session, AttendanceRecord? record, ProgrammeClock clock)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var held = session.ClosedAt is not null || clock.End(session) <= clock.UtcNow;
        return record is not null || held ? ClassCompletion.LeaveHours(session, record, clock) : 0;
    }
}
