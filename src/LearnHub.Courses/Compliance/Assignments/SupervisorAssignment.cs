using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;

namespace LearnHub.Courses.Compliance.Assignments;

/// <summary>
/// Work a supervisor or administrator put on chosen people or whole organizations (指派学习): one course,
/// or every required course of a curriculum, by a due date. It becomes a demand in each target's plan.
/// </summary>
public sealed class SupervisorAssignment
{
    public int Id { get; set; }

    /// <summary>Set when a single course is assigned.</summary>
    public int? CourseId { get; set; }

    public Course? Course { get; set; }

    /// <summary>Set when a curriculum is assigned: its required courses become the person's work.</summary>
    public int? CurriculumId { get; set; }

    public Curriculum? Curriculum { get; set; }

    public DateOnly DueOn { get; set; }

    /// <summary>The user id of whoever assigned it.</summary>
    public string AssignedBy { get; set; } = "";

    public DateTimeOffset AssignedAt { get; set; }

    public List<AssignmentTarget> Targets { get; } = [];
}

/// <summary>One target of an assignment: a person, or an organization (everyone in it, now and later).</summary>
public sealed class AssignmentTarget
{
    public int Id { get; set; }

    public int AssignmentId { get; set; }

    public int? PersonId { get; set; }

    public int? OrganizationId { get; set; }
}
