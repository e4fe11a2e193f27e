using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Sessions;

public enum RegistrationStatus
{
    Registered = 1,
    Waitlisted = 2,
    Cancelled = 3,
}

/// <summary>A trainee's own registration (报名) for a session outside their assigned audience.</summary>
public sealed class SessionRegistration
{
    public int Id { get; set; }

    public int SessionId { get; set; }

    public LectureHallSession? Session { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }

    public RegistrationStatus Status { get; set; }

    /// <summary>When the person (last) asked for a seat: the waiting list is first come, first served by it.</summary>
    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }
}

/// <summary>Where a person stands for one session.</summary>
public enum RosterStanding
{
    None,
    Assigned,
    Registered,
    Waitlisted,
}
