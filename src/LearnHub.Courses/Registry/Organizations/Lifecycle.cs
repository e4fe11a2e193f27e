namespace LearnHub.Courses.Registry.Organizations;

/// <summary>
/// Moments in an organization's life that call for training its leaders (the lifecycle rule):
/// each stage has its own course set.
/// </summary>
public enum LifecycleStage
{
    /// <summary>成立</summary>
    Establishment = 1,
    /// <summary>变更 (registered items change)</summary>
    Change = 2,
    /// <summary>换届 (leadership transition)</summary>
    Transition = 3,
    /// <summary>年检/评估</summary>
    Inspection = 4,
    /// <summary>整改 (rectifying after an inspection)</summary>
    Rectification = 5,
}

/// <summary>
/// A lifecycle event of an organization, recorded by the programme's staff. Its leaders are to take
/// the stage's course set by <see cref="DueOn"/>.
/// </summary>
public sealed class OrganizationEvent
{
    /// <summary>Training is due this many days after the event unless staff set another date.</summary>
    public const int DefaultDueDays = 90;

    public int Id { get; set; }

    public int OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public LifecycleStage Stage { get; set; }

    /// <summary>When it happens or happened: a planned transition is recorded before its date.</summary>
    public DateOnly Date { get; set; }

    public DateOnly DueOn { get; set; }

    public string Note { get; set; } = "";

    public string RecordedBy { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>
    /// A transition is trained for before it happens (the new leadership is chosen in it); the other
    /// stages are trained for after the event.
    /// </summary>
    public static DateOnly DefaultDue(LifecycleStage stage, DateOnly date) =>
        stage == LifecycleStage.Transition ? date : date.AddDays(DefaultDueDays);
}
