using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;

namespace LearnHub.Web.Features.LectureHall.Classes.Assessment;

/// <summary>The trainee's checklist (attendance, quiz, reflection, 已结业) as the class page and the reflection page show it.</summary>
public sealed record ChecklistView(TrainingClass Class, ClassStanding Standing, int? QuizId, bool LinkToReflection);

/// <summary>The trainee's reflection page: the checklist, their attempts with grades and comments, and the form while they may hand one in.</summary>
public sealed record MyReflectionPage(TrainingClass Class, ClassStanding Standing, int? QuizId, IReadOnlyList<ClassReflection> Attempts,
    bool MaySubmit, string? Closed, string Text, string? Problem, DateOnly? ResubmitBy);

/// <summary>A row of the grading list: an admitted trainee and their latest reflection, if any, with its copying flag.</summary>
public sealed record ReflectionRow(int PersonId, string Name, string Organization, ClassReflection? Reflection, decimal? Overlap);

public sealed record ReflectionsPage(TrainingClass Class, IReadOnlyList<ReflectionRow> Rows, IReadOnlyList<OverlapPair> Overlaps,
    IReadOnlyDictionary<int, string> Names);

/// <summary>One reflection for grading: its text, earlier attempts, the pairs it is flagged in with the other's author.</summary>
public sealed record ReflectionPage(TrainingClass Class, ClassReflection Reflection, string Name, string Organization, IReadOnlyList<ClassReflection> Earlier,
    IReadOnlyList<(OverlapPair Pair, string OtherName, int OtherId)> Overlaps, bool IsLatest, string? Problem);

/// <summary>The closing summary with the survey ratings of the class's sessions (none when no one answered).</summary>
public sealed record SummaryPage(ClassSummary Summary, LearnHub.Courses.Learning.Assessments.RatingSummary Satisfaction,
    IReadOnlyDictionary<int, (string Name, string Organization)> People);

/// <summary>The reflection rule as the plan page's form sends it.</summary>
public sealed class ReflectionPlanForm
{
    public bool Required { get; set; }

    public int MinLength { get; set; } = 800;

    public DateOnly? DueOn { get; set; }

    /// <summary>"passfail" or "score".</summary>
    public string Grading { get; set; } = "passfail";

    public int? PassMark { get; set; } = 60;
}

public static class ReflectionLimits
{
    public const long MaxAttachmentBytes = 10L * 1024 * 1024;

    /// <summary>What the upload field offers; the same list the server enforces.</summary>
    public const string Accept = ".pdf,.docx,.png,.jpg,.jpeg";

    public static readonly string[] Extensions = Accept.Split(',');

    public const int CommentLength = FieldLimits.LongText;
}
