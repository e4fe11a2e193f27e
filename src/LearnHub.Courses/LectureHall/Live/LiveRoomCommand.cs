namespace LearnHub.Courses.LectureHall.Live;

public enum LiveRoomCommandKind
{
    Start = 0,
    End = 1,
    GoToSlide = 2,
    SetNotice = 3,
    LaunchPoll = 4,
    ClosePoll = 5,
    AnswerPoll = 6,
    Ask = 7,
    ToggleUpvote = 8,
    Moderate = 9,
    Pin = 10,
    ReplaceSlides = 11,
    AttentionCheck = 12,
}

/// <summary>
/// One change to a live room, as data. When several nodes serve a lecture, every change is appended
/// to one ordered log and each node applies the log to its own copy of the room, so the copies agree:
/// a change carries everything it depends on (the time included) and applying it is deterministic.
/// </summary>
public sealed record LiveRoomCommand(
    LiveRoomCommandKind Kind,
    DateTimeOffset At,
    int? Number = null,
    int? PersonId = null,
    string? Text = null,
    string? Name = null,
    IReadOnlyList<string>? Options = null,
    bool? Approve = null,
    bool? Hide = null,
    int? Option = null,
    bool? Images = null,
    DateTimeOffset? Until = null,
    DateTimeOffset? Next = null)
{
    /// <summary>Applies the change to a room and returns what the room's method returned.</summary>
    public object? ApplyTo(LiveRoom room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Kind switch
        {
            LiveRoomCommandKind.Start => room.Start(At, Next),
            LiveRoomCommandKind.End => room.End(At),
            LiveRoomCommandKind.GoToSlide => room.GoToSlide(Number ?? 0),
            LiveRoomCommandKind.SetNotice => room.SetNotice(Text),
            LiveRoomCommandKind.LaunchPoll => room.LaunchPoll(Text ?? "", Options ?? []),
            LiveRoomCommandKind.ClosePoll => room.ClosePoll(),
            LiveRoomCommandKind.AnswerPoll => room.AnswerPoll(Number ?? 0, PersonId ?? 0, Option ?? -1),
            LiveRoomCommandKind.Ask => room.Ask(PersonId ?? 0, Name ?? "", Text ?? "", At),
            LiveRoomCommandKind.ToggleUpvote => room.ToggleUpvote(Number ?? 0, PersonId ?? 0),
            LiveRoomCommandKind.Moderate => room.Moderate(Number ?? 0, Approve, Hide, Text),
            LiveRoomCommandKind.Pin => room.Pin(Number),
            LiveRoomCommandKind.ReplaceSlides => room.ReplaceSlides(new LiveSlideSet(Options ?? [], Images ?? false)),
            LiveRoomCommandKind.AttentionCheck => room.IssueAttentionCheck(Number ?? 0, At, Until ?? At, Next),
            _ => throw new ArgumentOutOfRangeException(nameof(room), Kind, "Unknown live room change."),
        };
    }
}
