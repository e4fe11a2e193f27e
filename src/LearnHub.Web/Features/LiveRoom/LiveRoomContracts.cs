using LearnHub.Courses.Live;

namespace LearnHub.Web.Features.LiveRoom;

public sealed record LiveSlideDto(int Index, int Count, string Html);

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

    Task Chat(LiveChatDto message);

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
    public static LiveSlideDto Slide(Courses.Live.LiveRoom room) => Slide(room, room.CurrentSlide);

    public static LiveSlideDto Slide(Courses.Live.LiveRoom room, int index) =>
        new(index, room.Slides.Count, room.Slides.Count == 0 ? "" : room.Slides[index]);

    public static LiveQuestionDto Question(LiveQuestion q, int? viewer) =>
        new(q.Id, q.AskerName, q.Text, q.Votes, q.Approved, q.Hidden, q.Answer, q.PersonId == viewer);

    public static LivePollDto? Poll(Courses.Live.LiveRoom room, bool showTally, int? viewer)
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
