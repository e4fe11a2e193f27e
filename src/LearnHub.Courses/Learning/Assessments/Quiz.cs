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

    /// <summary>When a trainee sees the answer key; by default only once no attempt is left, so retakes cannot harvest the bank.</summary>
    public AnswerKeyShown AnswerKeyShown { get; set; } = AnswerKeyShown.AfterLastAttempt;

    /// <summary>Whether a trainee who has made <paramref name="attemptsUsed"/> attempts may see the answer key.</summary>
    public static bool ShowsKey(AnswerKeyShown shown, int maxAttempts, int attemptsUsed) => shown switch
    {
        AnswerKeyShown.AfterEachAttempt => true,
        AnswerKeyShown.AfterLastAttempt => attemptsUsed >= maxAttempts,
        _ => false,
    };
}

/// <summary>
/// When a quiz's result shows the correct answers, which question was right or wrong, and the explanations
/// (a wrong mark on a true/false question is its answer, so they go together). Stored as a number: the
/// default is 0.
/// </summary>
public enum AnswerKeyShown
{
    AfterLastAttempt = 0,
    AfterEachAttempt = 1,
    Never = 2,
}
