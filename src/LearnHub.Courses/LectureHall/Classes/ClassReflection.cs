using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>Where a reflection stands with the head teacher.</summary>
public enum ReflectionStatus
{
    /// <summary>Handed in, not yet graded.</summary>
    Submitted = 1,
    Passed = 2,
    /// <summary>Refused: the first attempt may be handed in once more.</summary>
    Failed = 3,
}

/// <summary>
/// A trainee's reflection (学习心得) on a class: one row per attempt, the first and at most one resubmission after a
/// refusal, so the refused text and its comment stay on record. The latest attempt is the one that counts.
/// </summary>
public sealed class ClassReflection
{
    /// <summary>The longest text taken, in UTF-16 units: far beyond any minimum a plan sets.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>A refused first attempt may be handed in once more; a refused second is final.</summary>
    public const int MaxAttempts = 2;

    public int Id { get; set; }

    public int ClassId { get; set; }

    public TrainingClass? Class { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }

    /// <summary>1 for the first submission, 2 for the resubmission.</summary>
    public int Attempt { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The text's length as the minimum is measured (<see cref="ReflectionText.Count"/>).</summary>
    public int Characters { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    /// <summary>The attached file's name as uploaded (cleaned); null without an attachment. The bytes live in the host's document store.</summary>
    public string? AttachmentName { get; set; }

    public string? AttachmentType { get; set; }

    public long AttachmentSize { get; set; }

    /// <summary>The attachment's name in the store: generated, never the uploader's.</summary>
    public string? AttachmentStoredName { get; set; }

    public ReflectionStatus Status { get; set; } = ReflectionStatus.Submitted;

    /// <summary>The score 0–100 when the class scores reflections; null when graded pass or fail.</summary>
    public int? Score { get; set; }

    /// <summary>The head teacher's comment, shown to the trainee.</summary>
    public string Comment { get; set; } = "";

    /// <summary>The grading account's id.</summary>
    public string? GradedBy { get; set; }

    public DateTimeOffset? GradedAt { get; set; }
}
