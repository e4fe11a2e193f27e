namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// One person's attempt at a quiz. The paper (the drawn question ids and the seed that drew them)
/// is stored when the attempt starts, so a reload shows the same paper; scoring happens only here.
/// </summary>
public sealed class QuizAttempt
{
    private readonly List<AttemptAnswer> _answers = [];

    private QuizAttempt()
    {
    }

    public int Id { get; private set; }

    public int QuizId { get; private set; }

    public int PersonId { get; private set; }

    /// <summary>1 for the person's first attempt at this quiz.</summary>
    public int Number { get; private set; }

    public int Seed { get; private set; }

    /// <summary>The drawn questions in the order they are shown.</summary>
    public List<int> QuestionIds { get; private set; } = [];

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When the time limit runs out; null without a limit.</summary>
    public DateTimeOffset? DeadlineAt { get; private set; }

    public DateTimeOffset? SubmittedAt { get; private set; }

    public AttemptState State { get; private set; }

    public int CorrectCount { get; private set; }

    public int Percent { get; private set; }

    public bool Passed { get; private set; }

    public IReadOnlyList<AttemptAnswer> Answers => _answers;

    /// <summary>A network round trip's grace after the deadline, so a paper the timer submitted on time is not refused.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static QuizAttempt Start(Quiz quiz, int personId, int number, int seed, IReadOnlyList<int> availableQuestionIds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quiz);
        return new QuizAttempt
        {
            QuizId = quiz.Id,
            PersonId = personId,
            Number = number,
            Seed = seed,
            QuestionIds = [.. QuizDraw.Draw(availableQuestionIds, quiz.QuestionCount, seed)],
            StartedAt = now,
            DeadlineAt = quiz.TimeLimitMinutes is { } minutes ? now.AddMinutes(minutes) : null,
            State = AttemptState.InProgress,
        };
    }

    public bool IsOpen => State == AttemptState.InProgress;

    /// <summary>True when the attempt is still open but its time has run out (grace included).</summary>
    public bool HasExpired(DateTimeOffset now) => IsOpen && DeadlineAt is { } deadline && now > deadline + Grace;

    /// <summary>Scores the responses against the key. Questions without a response count as wrong.</summary>
    public void Submit(IReadOnlyDictionary<int, QuestionResponse> responses, IReadOnlyDictionary<int, Question> questions, int passPercent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(questions);
        if (!IsOpen)
        {
            throw new InvalidOperationException("The attempt is already closed.");
        }

        if (HasExpired(now))
        {
            // Too late: what was sent is not accepted, the attempt closes with nothing answered.
            Close(AttemptState.TimedOut, new Dictionary<int, QuestionResponse>(), questions, passPercent, now);
            return;
        }

        Close(AttemptState.Submitted, responses, questions, passPercent, now);
    }

    /// <summary>Closes an attempt whose time ran out without a submission.</summary>
    public void Expire(IReadOnlyDictionary<int, Question> questions, int passPercent, DateTimeOffset now)
    {
        if (HasExpired(now))
        {
            Close(AttemptState.TimedOut, new Dictionary<int, QuestionResponse>(), questions, passPercent, now);
        }
    }

    private void Close(AttemptState state, IReadOnlyDictionary<int, QuestionResponse> responses, IReadOnlyDictionary<int, Question> questions,
        int passPercent, DateTimeOffset now)
    {
        _answers.Clear();
        var correct = 0;
        foreach (var id in QuestionIds)
        {
            var response = responses.TryGetValue(id, out var r) ? r : QuestionResponse.Empty;
            var isCorrect = questions.TryGetValue(id, out var question) && AnswerKey.IsCorrect(question, response);
            correct += isCorrect ? 1 : 0;
            _answers.Add(new AttemptAnswer { QuestionId = id, Response = response.ToStored(), Correct = isCorrect });
        }

        CorrectCount = correct;
        Percent = QuestionIds.Count == 0 ? 0 : (int)Math.Floor(100.0 * correct / QuestionIds.Count);
        Passed = QuestionIds.Count > 0 && Percent >= passPercent;
        SubmittedAt = now;
        State = state;
    }
}

public enum AttemptState
{
    InProgress = 1,
    Submitted = 2,
    /// <summary>The time limit ran out before a submission.</summary>
    TimedOut = 3,
}

/// <summary>What a person answered to one question of an attempt, and whether it was right.</summary>
public sealed class AttemptAnswer
{
    public int Id { get; set; }

    public int AttemptId { get; set; }

    public int QuestionId { get; set; }

    /// <summary>Chosen option indexes joined by commas, or the text of a fill-in answer.</summary>
    public string Response { get; set; } = "";

    public bool Correct { get; set; }
}
