using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;

namespace LearnHub.Web.Features.LectureHall.Sessions;

public sealed record SessionPage(
    LectureHallSession Session,
    int SeatsLeft,
    RosterStanding Standing,
    int? WaitlistPosition,
    AttendanceRecord? Attendance,
    bool CheckInOpen,
    bool IsStaff,
    bool IsTrainee,
    bool Ended,
    ReplayState Replay);

/// <summary>One of a lecturer's sessions; <paramref name="Replay"/> says whether its replay waits for them to publish it.</summary>
public sealed record MySessionRow(LectureHallSession Session, int Expected, int Attended, ReplayState Replay);
