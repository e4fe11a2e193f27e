using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Calendar;

namespace LearnHub.Courses.LectureHall.Attendance;

/// <summary>One trainee's result in a multi-day class: its hours, their leave, and whether they complete it.</summary>
public sealed record ClassResult(decimal ClassHours, decimal LeaveHours, bool Completes)
{
    /// <summary>Hours to credit: the time attended, in whole quarter hours.</summary>
    public decimal AttendedHours => Completes ? Math.Floor((ClassHours - LeaveHours) * 4) / 4 : 0;
}

/// <summary>
/// The leave rule of multi-day classes (培训班): a trainee whose leave exceeds 1/7 of the class hours
/// does not complete the class (China's 2023 cadre-training regulation). Leave is the time of the
/// class a trainee was not there: sessions excused or absent, and the rest of a session left early.
/// </summary>
public static class ClassCompletion
{
    /// <summary>Exactly 1/7 still completes; anything over does not. Compared as leave × 7 against the hours, so no rounding decides.</summary>
    public static bool Completes(decimal classHours, decimal leaveHours) => classHours > 0 && leaveHours * 7 <= classHours;

    /// <summary>The leave one session contributes; no record (never checked in, not yet closed) counts as absent.</summary>
    public static decimal LeaveHours(LectureHallSession session, AttendanceRecord? record, ProgrammeClock clock)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var hours = session.CreditHours;
        switch (record?.State)
        {
            case AttendanceState.Present or AttendanceState.Late:
                return 0;
            case AttendanceState.LeftEarly when record.CheckedOutAt is { } left:
                var missed = (decimal)(clock.End(session) - left).TotalHours;
                return Math.Clamp(missed, 0, hours);
            default:
                // Absent, excused, or left early by a correction that does not say when: the whole session.
                return hours;
        }
    }

    public static ClassResult Evaluate(IEnumerable<(LectureHallSession Session, AttendanceRecord? Record)> sessions, ProgrammeClock clock)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        decimal classHours = 0, leave = 0;
        foreach (var (session, record) in sessions)
        {
            classHours += session.CreditHours;
            leave += LeaveHours(session, record, clock);
        }

        return new(classHours, leave, Completes(classHours, leave));
    }
}
