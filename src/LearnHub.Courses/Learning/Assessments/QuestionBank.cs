namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// A question bank (题库): the questions a quiz draws from. It belongs to one course, to one
/// lecture-hall session, or to neither (shared, managed by administrators).
/// </summary>
public sealed class QuestionBank
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public int? CourseId { get; set; }

    public int? LectureHallSessionId { get; set; }

    public List<Question> Questions { get; } = [];
}

/// <summary>A question of a bank. The key (correct options, accepted answers) never leaves the server before submission.</summary>
public sealed class Question
{
    public int Id { get; set; }

    public int BankId { get; set; }

    public QuestionKind Kind { get; set; }

    public string Stem { get; set; } = "";

    /// <summary>Options of a choice question, in display order. True/false questions have none (the two answers are fixed).</summary>
    public List<string> Options { get; set; } = [];

    /// <summary>Zero-based indexes of the correct options; for true/false, [0] means true and [1] false.</summary>
    public List<int> CorrectOptions { get; set; } = [];

    /// <summary>Fill-in answers accepted after normalization (<see cref="AnswerText.Normalize"/>).</summary>
    public List<string> AcceptedAnswers { get; set; } = [];

    /// <summary>Shown with the result, after submission.</summary>
    public string Explanation { get; set; } = "";

    /// <summary>Retired questions stay for past attempts but are no longer drawn.</summary>
    public bool Retired { get; set; }
}

public enum QuestionKind
{
    /// <summary>单选题</summary>
    SingleChoice = 1,
    /// <summary>多选题</summary>
    MultipleChoice = 2,
    /// <summary>判断题</summary>
    TrueFalse = 3,
    /// <summary>填空题</summary>
    FillIn = 4,
}
