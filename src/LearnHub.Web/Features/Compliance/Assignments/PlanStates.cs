using LearnHub.Courses.Compliance.Assignments;

namespace LearnHub.Web.Features.Compliance.Assignments;

/// <summary>How a plan item's state looks, the same on the trainee's page and the supervisor's.</summary>
public static class PlanStates
{
    public static string BadgeClass(AssignmentState state) => state switch
    {
        AssignmentState.Overdue => "text-bg-danger",
        AssignmentState.InProgress => "text-bg-warning",
        AssignmentState.Done => "text-bg-success",
        AssignmentState.Missed => "text-bg-dark",
        _ => "text-bg-secondary",
    };

    /// <summary>Where a plan target's page is: a course by its slug, a session by its id.</summary>
    public static string Link(PlanTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Kind == PlanItemKind.Course ? $"/courses/{target.Slug}" : $"/lecture-hall/sessions/{target.Id}";
    }
}

/// <summary>A missed session's replacement, or none: the model of the shared _PlanReplacement partial.</summary>
public sealed record MissedReplacement(PlanTarget? Target);
