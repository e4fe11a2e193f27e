using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Registry.Organizations;

namespace LearnHub.Courses.Compliance.Curricula;

/// <summary>A course in a lifecycle stage's course set.</summary>
public sealed class LifecycleCourse
{
    public int Id { get; set; }

    public LifecycleStage Stage { get; set; }

    public int CourseId { get; set; }

    public Course? Course { get; set; }
}
