using LearnHub.Courses.LectureHall.Live;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>The slide shown: Markdown as <paramref name="Html"/>, or a PDF page as <paramref name="Image"/> with the <paramref name="Next"/> one to fetch ahead.</summary>
public sealed record LiveSlideDto(int Index, int Count, string Html, string? Image = null, string? Next = null);

public sealed record LivePollDto(int Id, string Question, IReadOnlyList<string> Options, bool Open, IReadOnlyList<int>? Tally, int? MyAnswer);

public sealed record LiveQuestionDto(int Id, string Asker, string Text, int Votes, bool Approved, bool Hidden, string? Answer, bool Mine);

public sealed record LiveChatDto(string Name, string Text, DateTimeOffset At);

public sealed record LiveAttendanceDto(int PersonId, string Name, int Minutes, decimal Share, string State, string StateLabel, bool Online, decimal CreditedHours, int MissedChecks = 0);

public sealed record LiveStateDto(
    string Phase,
    LiveSlideDto Slide,
    string Notice,
    LivePollDto? Poll,
    LiveQuestionDto? Pinned,
    IReadOnlyList<LiveQuestionDto> Questions,
    bool Staff,
    LiveAttentionDto? Attention = null);

/// <summary>What the live room pushes to browsers; method names are the JavaScript handlers' names.</summary>
public interface ILiveRoomClient
{
    Task State(LiveStateDto state);

    Task Phase(string phase);

    Task Slide(LiveSlideDto slide);

    Task Notice(string text);

    Task Poll(LivePollDto? poll);

    Task PollResults(int pollId, IReadOnlyList<int> tally);

    Task Question(LiveQuestionDto question);

    Task QuestionRemoved(int id);

    Task Pinned(LiveQuestionDto? question);

    /// <summary>Chat lines in the order accepted, bundled per room (<see cref="ChatRelay"/>).</summary>
    Task Chat(IReadOnlyList<LiveChatDto> lines);

    Task Refused(string message);

    Task Audience(int count);

    Task Attendance(IReadOnlyList<LiveAttendanceDto> rows);

    /// <summary>An attention check put to the room; each trainee it was put to must answer.</summary>
    Task AttentionCheck(LiveAttentionDto check);

    /// <summary>The person answered check <paramref name="number"/> (perhaps in another tab).</summary>
    Task AttentionAnswered(int number);
}

internal static class LiveDtos
{
    public static LiveSlideDto Slide(Courses.LectureHall.Live.LiveRoom room)
    {
        ArgumentNullException.ThrowIfNull(room);
        var (index, set) = room.Shown();
        return Slide(set, index);
    }

    public static LiveSlideDto Slide(Courses.LectureHall.Live.LiveRoom room, int index)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Slide(room.SlideSet, index);
    }

    private static LiveSlideDto Slide(LiveSlideSet set, int index)
    {
        var slides = set.Slides;
        if (slides.Count == 0)
        {
            return new(0, 0, "");
        }

        // The deck may have been replaced since the index was taken: keep it within the set read here.
        index = Math.Clamp(index, 0, slides.Count - 1);
        return set.Images
            ? new(index, slides.Count, "", slides[index], index + 1 < slides.Count ? slides[index + 1] : null)
            : new(index, slides.Count, slides[index]);
    }

    public static LiveQuestionDto Question(LiveQuestion q, int? viewer) =>
        new(q.Id, q.AskerName, q.Text, q.Votes, q.Approved, q.Hidden, q.Answer, q.PersonId == viewer);

    public static LivePollDto? Poll(Courses.LectureHall.Live.LiveRoom room, bool showTally, int? viewer)
    {
        var poll = room.CurrentPoll;
        if (poll is null)
        {
            return null;
        }

        // Trainees see results once the poll closes; staff see them as they come in.
        var tally = showTally || !poll.IsOpen ? room.PollTally() : null;
        return new LivePollDto(poll.Id, poll.Question, poll.Options, poll.IsOpen, tally, viewer is { } v ? poll.AnswerOf(v) : null);
    }
}

/// <summary>What came of a typed attention-check code: taken, or wrong with tries left, or missed.</summary>
public sealed record LiveAttentionResultDto(bool Accepted, bool Missed, int AttemptsLeft);
