using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>Where a leave request (请假) stands.</summary>
public enum LeaveState
{
    /// <summary>Waiting for the head teacher (or an administrator).</summary>
    Pending = 1,
    /// <summary>Approved: its sessions are recorded as excused in the attendance book.</summary>
    Approved = 2,
    Refused = 3,
}

/// <summary>
/// A trainee's request for leave from one or more sessions of their class's timetable, with their reason, and the
/// head teacher's decision with a comment. An approved request is what the attendance book's excused records say.
/// </summary>
public sealed class LeaveRequest
{
    public int Id { get; set; }

    public int ClassId { get; set; }

    public TrainingClass? Class { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }

    public string Reason { get; set; } = "";

    public LeaveState State { get; set; }

    /// <summary>The account that asked.</summary>
    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The head teacher's comment on the decision (required when refusing).</summary>
    public string Comment { get; set; } = "";

    public List<LeaveRequestSession> Sessions { get; } = [];

    /// <summary>Whether the request still holds its sessions: another request for them is a duplicate.</summary>
    public bool Holds => State is LeaveState.Pending or LeaveState.Approved;
}

/// <summary>One session a leave request is for.</summary>
public sealed class LeaveRequestSession
{
    public int LeaveRequestId { get; set; }

    public int SessionId { get; set; }

    public LectureHallSession? Session { get; set; }
}
