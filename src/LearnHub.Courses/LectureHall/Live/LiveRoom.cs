namespace LearnHub.Courses.LectureHall.Live;

public enum LiveRoomPhase
{
    Waiting = 0,
    Live = 1,
    Ended = 2,
}

/// <summary>A trainee's question in the live Q&amp;A; shown to the room once staff approve it.</summary>
public sealed class LiveQuestion(int id, int personId, string askerName, string text, DateTimeOffset askedAt)
{
    public const int MaxLength = 300;
    public const int MaxAnswerLength = 1000;

    internal HashSet<int> Upvoters { get; } = [];

    public int Id { get; } = id;

    public int PersonId { get; } = personId;

    public string AskerName { get; } = askerName;

    public string Text { get; } = text;

    public DateTimeOffset AskedAt { get; } = askedAt;

    public bool Approved { get; internal set; }

    public bool Hidden { get; internal set; }

    public string? Answer { get; internal set; }

    public int Votes => Upvoters.Count;

    public bool IsPublic => Approved && !Hidden;
}

/// <summary>The attention check last put to the room: its number, when, and until when an answer is in time.</summary>
public sealed record LiveAttentionPrompt(int Number, DateTimeOffset IssuedAt, DateTimeOffset Deadline);

/// <summary>
/// A room's slides: Markdown pages as HTML, or (<paramref name="Images"/>) the addresses of a PDF's
/// pages rendered to images. Replaced as a whole, so a reader never sees a count from one deck and
/// a page from another.
/// </summary>
public sealed record LiveSlideSet(IReadOnlyList<string> Slides, bool Images)
{
    public static LiveSlideSet Empty { get; } = new([], false);
}

/// <summary>
/// The latest state of one live room (直播间), kept in memory: what a late joiner needs to catch up
/// is the current slide, notice, poll and pinned question, not every change that led there.
/// Every member takes the room's lock, since hub calls for one room arrive concurrently.
/// </summary>
public sealed class LiveRoom(int sessionId, LiveSlideSet slides)
{
    public const int MaxNoticeLength = 500;

    private readonly Lock _lock = new();
    private readonly List<LiveQuestion> _questions = [];
    private readonly List<LivePoll> _polls = [];

    private LiveSlideSet _slides = slides;

    public LiveRoom(int sessionId, IReadOnlyList<string> slides)
        : this(sessionId, new LiveSlideSet(slides, false))
    {
    }

    public int SessionId { get; } = sessionId;

    /// <summary>The slides as they are now; one set, read once, for a consistent count and page.</summary>
    public LiveSlideSet SlideSet
    {
        get
        {
            lock (_lock)
            {
                return _slides;
            }
        }
    }

    public IReadOnlyList<string> Slides => SlideSet.Slides;

    public LiveRoomPhase Phase { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public int CurrentSlide { get; private set; }

    public string Notice { get; private set; } = "";

    public int? PinnedQuestionId { get; private set; }

    public LivePoll? CurrentPoll { get; private set; }

    /// <summary>The latest attention check, answerable until the next one or the end of the lecture.</summary>
    public LiveAttentionPrompt? Attention { get; private set; }

    /// <summary>When the next automatic attention check is due; null when they are launched by hand only.</summary>
    public DateTimeOffset? NextAttentionAt { get; private set; }

    /// <param name="now">The start.</param>
    /// <param name="nextAttention">When the first automatic attention check falls, drawn by the node that started the lecture.</param>
    public bool Start(DateTimeOffset now, DateTimeOffset? nextAttention = null)
    {
        lock (_lock)
        {
            if (Phase != LiveRoomPhase.Waiting)
            {
                return false;
            }

            Phase = LiveRoomPhase.Live;
            StartedAt = now;
            NextAttentionAt = nextAttention;
            return true;
        }
    }

    /// <summary>
    /// Puts attention check <paramref name="number"/> to the room. Several nodes may notice a check is
    /// due at once; each asks for the number after the last one it saw, and only the first such change
    /// in the room's log is taken, so the room gets one check, not one per node. A number may skip
    /// ahead: a room kept in memory forgets its checks on a restart, the database does not.
    /// </summary>
    public bool IssueAttentionCheck(int number, DateTimeOffset now, DateTimeOffset deadline, DateTimeOffset? next)
    {
        lock (_lock)
        {
            if (Phase != LiveRoomPhase.Live || number <= (Attention?.Number ?? 0) || deadline <= now)
            {
                return false;
            }

            Attention = new LiveAttentionPrompt(number, now, deadline);
            NextAttentionAt = next;
            return true;
        }
    }

    public bool End(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (Phase == LiveRoomPhase.Ended)
            {
                return false;
            }

            Phase = LiveRoomPhase.Ended;
            EndedAt = now;
            NextAttentionAt = null;
            CurrentPoll?.Close();
            return true;
        }
    }

    /// <summary>Moves to a slide, kept within the deck; returns the slide now shown.</summary>
    public int GoToSlide(int index)
    {
        lock (_lock)
        {
            CurrentSlide = _slides.Slides.Count == 0 ? 0 : Math.Clamp(index, 0, _slides.Slides.Count - 1);
            return CurrentSlide;
        }
    }

    /// <summary>
    /// Takes a new deck (a PDF replaced or removed); the room stays on the same page number where the
    /// new deck has it, so a corrected deck uploaded mid-lecture does not send everyone back to the start.
    /// </summary>
    public int ReplaceSlides(LiveSlideSet slides)
    {
        ArgumentNullException.ThrowIfNull(slides);
        lock (_lock)
        {
            _slides = slides;
            CurrentSlide = slides.Slides.Count == 0 ? 0 : Math.Clamp(CurrentSlide, 0, slides.Slides.Count - 1);
            return CurrentSlide;
        }
    }

    /// <summary>The slide shown and the set it belongs to, read together.</summary>
    public (int Index, LiveSlideSet Slides) Shown()
    {
        lock (_lock)
        {
            return (CurrentSlide, _slides);
        }
    }

    public string SetNotice(string? text)
    {
        var notice = (text ?? "").Trim();
        if (notice.Length > MaxNoticeLength)
        {
            throw new ArgumentException("A notice is at most 500 characters.", nameof(text));
        }

        lock (_lock)
        {
            Notice = notice;
            return notice;
        }
    }

    public LivePoll LaunchPoll(string question, IReadOnlyList<string> options)
    {
        lock (_lock)
        {
            CurrentPoll?.Close();
            var poll = new LivePoll(_polls.Count + 1, question, options);
            _polls.Add(poll);
            CurrentPoll = poll;
            return poll;
        }
    }

    public LivePoll? ClosePoll()
    {
        lock (_lock)
        {
            CurrentPoll?.Close();
            return CurrentPoll;
        }
    }

    /// <summary>Answers the open poll; the result's tally is copied under the lock.</summary>
    public (bool Accepted, IReadOnlyList<int> Tally) AnswerPoll(int pollId, int personId, int option)
    {
        lock (_lock)
        {
            if (CurrentPoll is not { } poll || poll.Id != pollId)
            {
                return (false, []);
            }

            var accepted = poll.Answer(personId, option);
            return (accepted, poll.Tally());
        }
    }

    public IReadOnlyList<int> PollTally()
    {
        lock (_lock)
        {
            return CurrentPoll?.Tally() ?? [];
        }
    }

    public LiveQuestion Ask(int personId, string askerName, string text, DateTimeOffset now)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > LiveQuestion.MaxLength)
        {
            throw new ArgumentException("A question is 1 to 300 characters.", nameof(text));
        }

        lock (_lock)
        {
            var question = new LiveQuestion(_questions.Count + 1, personId, askerName, trimmed, now);
            _questions.Add(question);
            return question;
        }
    }

    /// <summary>One vote per person per question; voting again takes the vote back.</summary>
    public LiveQuestion? ToggleUpvote(int questionId, int personId)
    {
        lock (_lock)
        {
            var question = Find(questionId);
            if (question is null || !question.IsPublic)
            {
                return null;
            }

            if (!question.Upvoters.Add(personId))
            {
                question.Upvoters.Remove(personId);
            }

            return question;
        }
    }

    public LiveQuestion? Moderate(int questionId, bool? approve = null, bool? hide = null, string? answer = null)
    {
        if (answer is not null && answer.Trim().Length > LiveQuestion.MaxAnswerLength)
        {
            throw new ArgumentException("An answer is at most 1000 characters.", nameof(answer));
        }

        lock (_lock)
        {
            var question = Find(questionId);
            if (question is null)
            {
                return null;
            }

            if (approve is { } a)
            {
                question.Approved = a;
            }

            if (hide is { } h)
            {
                question.Hidden = h;
                if (h && PinnedQuestionId == questionId)
                {
                    PinnedQuestionId = null;
                }
            }

            if (answer is not null)
            {
                question.Answer = answer.Trim().Length == 0 ? null : answer.Trim();
                // Answering a question is approving it: the room should see the answer.
                question.Approved = true;
            }

            return question;
        }
    }

    /// <summary>Pins a public question (or unpins with null).</summary>
    public bool Pin(int? questionId)
    {
        lock (_lock)
        {
            if (questionId is { } id && Find(id) is not { IsPublic: true })
            {
                return false;
            }

            PinnedQuestionId = questionId;
            return true;
        }
    }

    /// <summary>Questions a viewer may see: staff see all, others the public ones and their own.</summary>
    public IReadOnlyList<LiveQuestion> Questions(bool staff, int? personId)
    {
        lock (_lock)
        {
            return _questions.Where(q => staff || q.IsPublic || (q.PersonId == personId && !q.Hidden))
                .OrderByDescending(q => q.Votes).ThenBy(q => q.Id).ToList();
        }
    }

    public LiveQuestion? Question(int id)
    {
        lock (_lock)
        {
            return Find(id);
        }
    }

    private LiveQuestion? Find(int id) => _questions.Find(q => q.Id == id);
}
