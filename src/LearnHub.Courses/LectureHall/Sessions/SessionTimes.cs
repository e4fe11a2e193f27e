using LearnHub.Courses.Calendar;

namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>A session's start and end as instants: its date and times are read on the programme's clock.</summary>
public static class SessionTimes
{
    public static DateTimeOffset Start(this ProgrammeClock clock, LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(session);
        return clock.Instant(session.Date, session.StartTime);
    }

    public static DateTimeOffset End(this ProgrammeClock clock, LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(session);
        return clock.Instant(session.Date, session.EndTime);
    }
}
