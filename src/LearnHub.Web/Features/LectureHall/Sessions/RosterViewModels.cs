using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;

namespace LearnHub.Web.Features.LectureHall.Sessions;

public sealed record RosterRow(int PersonId, string Name, string Organization, string Mobile, RosterStanding Standing, AttendanceRecord? Attendance);

public sealed record CorrectionRow(string Name, AttendanceState? From, AttendanceState To, string Reason, string By, DateTimeOffset At);

public sealed record RosterPage(LectureHallSession Session, IReadOnlyList<RosterRow> Rows, IReadOnlyList<CorrectionRow> Corrections, SheetImportResult? Import = null, ImportUpload? Upload = null);
