using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Attendance;

/// <summary>Attendance states (出勤状态) of a person at a session.</summary>
public enum AttendanceState
{
    Present = 1,
    Late = 2,
    LeftEarly = 3,
    Absent = 4,
    Excused = 5,
}

/// <summary>One person's attendance at one session; at most one per person and session.</summary>
public sealed class AttendanceRecord
{
    public int Id { get; set; }

    public int SessionId { get; set; }

    public LectureHallSession? Session { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }

    public AttendanceState State { get; set; }

    public DateTimeOffset? CheckedInAt { get; set; }

    public DateTimeOffset? CheckedOutAt { get; set; }

    /// <summary>Reason of an excused absence, or of the last correction.</summary>
    public string Note { get; set; } = "";

    /// <summary>The ledger entry that currently credits this attendance; null when nothing is credited.</summary>
    public long? CreditEntryId { get; set; }

    /// <summary>Whether the attendance was ever credited: a later credit needs a fresh once-only key.</summary>
    public bool EverCredited { get; set; }

    public static bool Earns(AttendanceState state) => state is AttendanceState.Present or AttendanceState.Late;
}

/// <summary>A staff correction of an attendance state: who, when, from what, to what and why.</summary>
public sealed class AttendanceCorrection
{
    public int Id { get; set; }

    public int AttendanceRecordId { get; set; }

    /// <summary>Null when there was no record before (a person nobody had marked).</summary>
    public AttendanceState? From { get; set; }

    public AttendanceState To { get; set; }

    public string Reason { get; set; } = "";

    public string CorrectedBy { get; set; } = "";

    public DateTimeOffset CorrectedAt { get; set; }
}

/// <summary>Settings of in-person check-in.</summary>
public sealed class CheckInOptions
{
    public const string Section = "LearnHub:CheckIn";

    /// <summary>Checking in later than this after the start counts as late.</summary>
    public int LateAfterMinutes { get; set; } = 15;

    /// <summary>How long before the start the check-in opens.</summary>
    public int OpensBeforeMinutes { get; set; } = 60;

    /// <summary>How long after the end attendance is closed and credited automatically.</summary>
    public int AutoCloseAfterMinutes { get; set; } = 60;

    /// <summary>Secret the rotating codes are derived from; shared by every node.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The state a check-in at <paramref name="at"/> earns in a session that starts at <paramref name="start"/>.</summary>
    public AttendanceState StateAt(DateTimeOffset start, DateTimeOffset at) =>
        at > start.AddMinutes(LateAfterMinutes) ? AttendanceState.Late : AttendanceState.Present;
}
