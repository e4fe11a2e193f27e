using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>Where a person stands in a class.</summary>
public enum EnrolmentStatus
{
    /// <summary>Nominated or applied, waiting for the organizer's decision.</summary>
    Pending = 1,
    Admitted = 2,
    /// <summary>Approved while the class was full: moves up by itself when a seat frees.</summary>
    Waitlisted = 3,
    Refused = 4,
    Withdrawn = 5,
}

/// <summary>How the person came to the class.</summary>
public enum EnrolmentRoute
{
    /// <summary>单位推荐: by their organization's contact person, a supervisor or an administrator.</summary>
    Nominated = 1,
    /// <summary>个人报名: by the person from the class page.</summary>
    Applied = 2,
}

/// <summary>One person's enrolment (报名) in a class and the organizer's decision on it.</summary>
public sealed class ClassEnrolment
{
    public int Id { get; set; }

    public int ClassId { get; set; }

    public TrainingClass? Class { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }

    public EnrolmentRoute Route { get; set; }

    public EnrolmentStatus Status { get; set; }

    /// <summary>The account that nominated or applied.</summary>
    public string RequestedBy { get; set; } = "";

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>When the organizer approved it: the waiting list moves up in this order.</summary>
    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    /// <summary>Why it was refused (shown to the person and whoever nominated them).</summary>
    public string Reason { get; set; } = "";

    /// <summary>Whether the enrolment still holds or asks for a place (pending, admitted, waiting).</summary>
    public bool IsActive => Status is EnrolmentStatus.Pending or EnrolmentStatus.Admitted or EnrolmentStatus.Waitlisted;
}
