namespace LearnHub.Courses.LectureHall.Live;

/// <summary>A quick poll launched during a live lecture: one answer per person, the latest one counts.</summary>
public sealed class LivePoll
{
    public const int MaxOptions = 6;
    public const int MaxTextLength = 200;

    private readonly Dictionary<int, int> _answers = [];

    public LivePoll(int id, string question, IReadOnlyList<string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cleaned = options.Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
        if (string.IsNullOrWhiteSpace(question) || question.Trim().Length > MaxTextLength)
        {
            throw new ArgumentException("A poll needs a question of at most 200 characters.", nameof(question));
        }

        if (cleaned.Count < 2 || cleaned.Count > MaxOptions || cleaned.Any(o => o.Length > MaxTextLength))
        {
            throw new ArgumentException("A poll needs 2 to 6 options of at most 200 characters.", nameof(options));
        }

        Id = id;
        Question = question.Trim();
        Options = cleaned;
    }

    public int Id { get; }

    public string Question { get; }

    public IReadOnlyList<string> Options { get; }

    public bool IsOpen { get; private set; } = true;

    public int Voters => _answers.Count;

    /// <summary>Records or replaces the person's answer. False when the poll is closed or the option does not exist.</summary>
    public bool Answer(int personId, int option)
    {
        if (!IsOpen || option < 0 || option >= Options.Count)
        {
            return false;
        }

        _answers[personId] = option;
        return true;
    }

    public int? AnswerOf(int personId) => _answers.TryGetValue(personId, out var option) ? option : null;

    public void Close() => IsOpen = false;

    /// <summary>Votes per option, in option order.</summary>
    public IReadOnlyList<int> Tally()
    {
        var counts = new int[Options.Count];
        foreach (var option in _answers.Values)
        {
            counts[option]++;
        }

        return counts;
    }
}
