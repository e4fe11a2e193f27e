namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// A quiz (测验) attached to a lesson or to a lecture-hall session: each attempt draws
/// <see cref="QuestionCount"/> questions from the bank.
/// </summary>
public sealed class Quiz
{
    public const int MaxQuestions = 100;
    public const int MaxAttemptsLimit = 20;
    public const int MaxTimeLimitMinutes = 240;

    public int Id { get; set; }

    public string Title { get; set; } = "";

    public int BankId { get; set; }

    public QuestionBank? Bank { get; set; }

    public int? LessonId { get; set; }

    public int? LectureHallSessionId { get; set; }

    public int QuestionCount { get; set; } = 10;

    /// <summary>The share of correct answers, in percent, needed to pass.</summary>
    public int PassPercent { get; set; } = 60;

    public int MaxAttempts { get; set; } = 3;

    public int? TimeLimitMinutes { get; set; }

    public bool Published { get; set; } = true;
}
