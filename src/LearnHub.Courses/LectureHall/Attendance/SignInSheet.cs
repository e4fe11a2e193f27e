using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Attendance;

/// <summary>
/// A paper sign-in sheet (签到表) of one session, scanned into a spreadsheet: mobile, name, state and
/// note, in that order under a header row. Each row must be someone on the session's roster, once.
/// </summary>
internal sealed class SignInSheet(IReadOnlyDictionary<string, (int Id, string Name)> members)
{
    private const int Mobile = 0, Name = 1, State = 2, Note = 3;

    /// <summary>
    /// Sheets are filled in by hand, so the header row is a caption: the columns are taken in order.
    /// The limit is a roster's, far above any room.
    /// </summary>
    public static readonly ImportLayout Layout = new(
    [
        new("手机号", "Mobile"),
        new("姓名", "Name"),
        new("考勤", "State"),
        new("备注", "Note"),
    ], 20_000)
    {
        ByPosition = true,
    };

    private readonly HashSet<int> _seen = [];

    public sealed record Line(int PersonId, AttendanceState State, string Note);

    /// <summary>The first thing wrong with a row is enough: the rest of it is about the same person.</summary>
    public Line? Parse(ImportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var mobile = MobileNumber.Normalize(row[Mobile]);
        if (!members.TryGetValue(mobile, out var person))
        {
            row.Problem(Mobile, ImportProblemCode.NotOnSessionRoster, mobile);
        }
        else if (row[Name].Length > 0 && row[Name] != person.Name)
        {
            row.Problem(Name, ImportProblemCode.NameNotOnRoster, row[Name]);
        }
        else if (StateOf(row[State]) is not { } state)
        {
            row.Problem(State, ImportProblemCode.UnknownAttendanceState, row[State]);
        }
        else if (state == AttendanceState.Excused && row[Note].Length == 0)
        {
            row.Problem(Note, ImportProblemCode.ExcuseWithoutReason, "");
        }
        else if (!_seen.Add(person.Id))
        {
            row.Problem(Mobile, ImportProblemCode.MobileTwice, mobile);
        }
        else
        {
            return new Line(person.Id, state, row[Note]);
        }

        return null;
    }

    /// <summary>The words a sheet uses for attendance states, in Chinese or English.</summary>
    public static AttendanceState? StateOf(string text) => text.Trim().ToUpperInvariant() switch
    {
        "出席" or "签到" or "已签到" or "PRESENT" => AttendanceState.Present,
        "迟到" or "LATE" => AttendanceState.Late,
        "早退" or "LEFT EARLY" or "LEFTEARLY" => AttendanceState.LeftEarly,
        "缺席" or "未到" or "ABSENT" => AttendanceState.Absent,
        "请假" or "EXCUSED" => AttendanceState.Excused,
        _ => null,
    };
}
