using System.Globalization;
using System.Security.Claims;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// The live room of a lecture-hall session (/hubs/live?session=ID). Who may do what is decided
/// once, when the connection opens: staff (<see cref="SessionStaffRequirement"/>) run the
/// lecture; any signed-in person with a trainee record may join, ask, vote, chat and answer polls.
/// Every method checks the role fixed then, so a trainee's connection cannot call a staff method.
/// </summary>
[Authorize]
public sealed partial class LiveRoomHub(
    LiveRoomService rooms,
    LiveRoomRegistry registry,
    LiveLectures lectures,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer,
    ILogger<LiveRoomHub> logger,
    AttentionCheckService attention,
    IChatLimiter chat,
    ChatRelay relay) : Hub<ILiveRoomClient>
{
    public const string Path = "/hubs/live";

    public static string RoomGroup(int sessionId) => $"live:{sessionId}";

    public static string StaffGroup(int sessionId) => $"live:{sessionId}:staff";

    /// <summary>One person's connections to a room on every node: their tabs, so an answer in one closes the prompt in all.</summary>
    public static string PersonGroup(int sessionId, int personId) => $"live:{sessionId}:person:{personId}";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var culture = http?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? "zh-CN";
        if (await rooms.JoinAsync(Context.User ?? new ClaimsPrincipal(), http?.Request.Query["session"], Context.ConnectionId, culture, Context.ConnectionAborted)
            is not { Member: var member, Room: var room } join)
        {
            Context.Abort();
            return;
        }

        var sessionId = member.SessionId;
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroup(sessionId));
        if (member.Staff)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, StaffGroup(sessionId));
        }
        else if (member.PersonId is { } id)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, PersonGroup(sessionId, id));
        }

        var personId = member.PersonId;
        await Clients.Caller.State(new LiveStateDto(
            room.Phase.ToString(),
            LiveDtos.Slide(room),
            room.Notice,
            LiveDtos.Poll(room, member.Staff, personId),
            room.PinnedQuestionId is { } pinned && room.Question(pinned) is { } q ? LiveDtos.Question(q, personId) : null,
            room.Questions(member.Staff, personId).Select(x => LiveDtos.Question(x, personId)).ToList(),
            member.Staff,
            join.PendingCheck));
        Broadcast(Clients.Group(StaffGroup(sessionId)).Audience(await rooms.AudienceAsync(sessionId)));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (await rooms.LeaveAsync(Context.ConnectionId) is { } member)
        {
            Broadcast(Clients.Group(StaffGroup(member.SessionId)).Audience(await rooms.AudienceAsync(member.SessionId)));
        }

        await base.OnDisconnectedAsync(exception);
    }

    public async Task StartLecture()
    {
        var member = Staff();
        var now = clock.GetUtcNow();
        if (await ApplyAsync<bool>(member, new(LiveRoomCommandKind.Start, now, Next: attention.FirstCheck(now))))
        {
            Broadcast(Clients.Group(RoomGroup(member.SessionId)).Phase(nameof(LiveRoomPhase.Live)));
        }
    }

    /// <summary>
    /// Ends the lecture, stores attendance and credits the ledger; the console gets the final list. The
    /// video stops too, and its recording goes to the replay import.
    /// </summary>
    public async Task<IReadOnlyList<LiveAttendanceDto>> EndLecture()
    {
        var member = Staff();
        var rows = await rooms.EndAsync(member, () => Broadcast(Clients.Group(RoomGroup(member.SessionId)).Phase(nameof(LiveRoomPhase.Ended))), Context.ConnectionAborted);
        var list = Localize(member, rows);
        Broadcast(Clients.Group(StaffGroup(member.SessionId)).Attendance(list));
        return list;
    }

    public async Task<IReadOnlyList<LiveAttendanceDto>> GetAttendance()
    {
        var member = Staff();
        return Localize(member, await lectures.AttendanceAsync(member.SessionId));
    }

    /// <summary>Puts an attention check to the room now, besides the random ones; returns its number.</summary>
    public async Task<int> LaunchAttentionCheck()
    {
        var member = Staff();
        if (!attention.Schedule.Enabled)
        {
            throw Refusal(member, "LiveRoom.Attention.Disabled");
        }

        return (await attention.IssueAsync(member.SessionId, Context.ConnectionAborted))?.Number
            ?? throw Refusal(member, "LiveRoom.Attention.NotLive");
    }

    /// <summary>
    /// A trainee confirms they are following by typing the code their picture of the check shows (each
    /// person's own). Only the room's latest check, put to this person in this session while the lecture
    /// runs, is taken; anything else (another session's number, a check replaced by a newer one, the
    /// lecture over) is refused and changes nothing. Three wrong codes end the check as missed.
    /// </summary>
    public async Task<LiveAttentionResultDto> AnswerAttentionCheck(int number, string? code)
    {
        var member = Trainee();
        await registry.CatchUpAsync(member.SessionId, Context.ConnectionAborted);
        if (RoomOf(member) is not { Phase: LiveRoomPhase.Live, Attention: { } prompt } || prompt.Number != number)
        {
            return new LiveAttentionResultDto(false, false, 0);
        }

        var answer = await lectures.AnswerAttentionCheckAsync(member.SessionId, member.PersonId!.Value, number, code, Context.ConnectionAborted);
        if (answer.Taken)
        {
            Broadcast(Clients.Group(PersonGroup(member.SessionId, member.PersonId.Value)).AttentionAnswered(number));
        }

        return new LiveAttentionResultDto(answer.Taken, answer.IsMissed, answer.AttemptsLeft);
    }

    public async Task SetSlide(int index)
    {
        var member = Staff();
        var shown = await ApplyAsync<int>(member, new(LiveRoomCommandKind.GoToSlide, clock.GetUtcNow(), Number: index));
        Broadcast(Clients.Group(RoomGroup(member.SessionId)).Slide(LiveDtos.Slide(RoomOf(member), shown)));
    }

    public async Task PublishNotice(string text)
    {
        var member = Staff();
        if ((text ?? "").Trim().Length > Courses.LectureHall.Live.LiveRoom.MaxNoticeLength)
        {
            throw Refusal(member, "LiveRoom.NoticeTooLong", Courses.LectureHall.Live.LiveRoom.MaxNoticeLength);
        }

        var notice = await ApplyAsync<string>(member, new(LiveRoomCommandKind.SetNotice, clock.GetUtcNow(), Text: text));
        Broadcast(Clients.Group(RoomGroup(member.SessionId)).Notice(notice));
    }

    public async Task LaunchPoll(string question, string[] options)
    {
        var member = Staff();
        LivePoll poll;
        try
        {
            poll = await ApplyAsync<LivePoll>(member, new(LiveRoomCommandKind.LaunchPoll, clock.GetUtcNow(), Text: question, Options: options ?? []));
        }
        catch (ArgumentException)
        {
            throw Refusal(member, "LiveRoom.PollInvalid", LivePoll.MaxOptions, LivePoll.MaxTextLength);
        }

        Broadcast(Clients.Group(RoomGroup(member.SessionId)).Poll(new LivePollDto(poll.Id, poll.Question, poll.Options, true, null, null)));
        Broadcast(Clients.Group(StaffGroup(member.SessionId)).PollResults(poll.Id, RoomOf(member).PollTally()));
    }

    /// <summary>Closes the poll and shows everyone the results.</summary>
    public async Task ClosePoll()
    {
        var member = Staff();
        if (await ApplyAsync<LivePoll?>(member, new(LiveRoomCommandKind.ClosePoll, clock.GetUtcNow())) is { } poll)
        {
            Broadcast(Clients.Group(RoomGroup(member.SessionId)).Poll(new LivePollDto(poll.Id, poll.Question, poll.Options, false, RoomOf(member).PollTally(), null)));
        }
    }

    public Task ApproveQuestion(int id) => ModerateAsync(id, approve: true);

    public Task HideQuestion(int id) => ModerateAsync(id, hide: true);

    public Task AnswerQuestion(int id, string answer)
    {
        if ((answer ?? "").Trim().Length > LiveQuestion.MaxAnswerLength)
        {
            throw Refusal(Member(), "LiveRoom.AnswerTooLong", LiveQuestion.MaxAnswerLength);
        }

        return ModerateAsync(id, answer: answer ?? "");
    }

    public async Task PinQuestion(int? id)
    {
        var member = Staff();
        if (!await ApplyAsync<bool>(member, new(LiveRoomCommandKind.Pin, clock.GetUtcNow(), Number: id)))
        {
            throw Refusal(member, "LiveRoom.CannotPin");
        }

        var question = id is { } qid ? RoomOf(member).Question(qid) : null;
        Broadcast(Clients.Group(RoomGroup(member.SessionId)).Pinned(question is null ? null : LiveDtos.Question(question, null)));
    }

    public async Task Ask(string text)
    {
        var member = Trainee();
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > LiveQuestion.MaxLength)
        {
            throw Refusal(member, "LiveRoom.QuestionLength", LiveQuestion.MaxLength);
        }

        var question = await ApplyAsync<LiveQuestion>(member,
            new(LiveRoomCommandKind.Ask, clock.GetUtcNow(), PersonId: member.PersonId, Name: member.Name, Text: trimmed));
        await Clients.Caller.Question(LiveDtos.Question(question, member.PersonId));
        Broadcast(Clients.Group(StaffGroup(member.SessionId)).Question(LiveDtos.Question(question, null)));
    }

    public async Task Upvote(int id)
    {
        var member = Trainee();
        if (await ApplyAsync<LiveQuestion?>(member, new(LiveRoomCommandKind.ToggleUpvote, clock.GetUtcNow(), Number: id, PersonId: member.PersonId)) is { } question)
        {
            Broadcast(Clients.Group(RoomGroup(member.SessionId)).Question(LiveDtos.Question(question, null)));
        }
    }

    public async Task SendChat(string text)
    {
        var member = Member();
        var verdict = await chat.CheckAsync(member.SessionId, member.PersonId ?? -1, text, clock.GetUtcNow());
        switch (verdict)
        {
            case ChatVerdict.Accepted:
                relay.Post(member.SessionId, new LiveChatDto(member.Name, text.Trim(), clock.GetUtcNow()));
                break;
            case ChatVerdict.TooFast:
                await Clients.Caller.Refused(Text(member, "LiveRoom.ChatTooFast", chat.Limits.MaxMessages, (int)chat.Limits.Window.TotalSeconds));
                break;
            case ChatVerdict.TooLong:
                await Clients.Caller.Refused(Text(member, "LiveRoom.ChatTooLong", chat.Limits.MaxLength));
                break;
            default:
                break;
        }
    }

    /// <summary>Answers the open poll; answering again replaces the earlier answer.</summary>
    public async Task AnswerPoll(int pollId, int option)
    {
        var member = Trainee();
        var (accepted, tally) = await ApplyAsync<(bool, IReadOnlyList<int>)>(member,
            new(LiveRoomCommandKind.AnswerPoll, clock.GetUtcNow(), Number: pollId, PersonId: member.PersonId, Option: option));
        if (!accepted)
        {
            throw Refusal(member, "LiveRoom.PollClosed.Refusal");
        }

        Broadcast(Clients.Group(StaffGroup(member.SessionId)).PollResults(pollId, tally));
    }

    private async Task ModerateAsync(int id, bool? approve = null, bool? hide = null, string? answer = null)
    {
        var member = Staff();
        var question = await ApplyAsync<LiveQuestion?>(member,
            new(LiveRoomCommandKind.Moderate, clock.GetUtcNow(), Number: id, Approve: approve, Hide: hide, Text: answer))
            ?? throw Refusal(member, "LiveRoom.NoSuchQuestion");
        var dto = LiveDtos.Question(question, null);
        Broadcast(Clients.Group(StaffGroup(member.SessionId)).Question(dto));
        Broadcast(question.IsPublic ? Clients.Group(RoomGroup(member.SessionId)).Question(dto) : Clients.Group(RoomGroup(member.SessionId)).QuestionRemoved(id));
        if (hide == true && RoomOf(member).PinnedQuestionId is null)
        {
            Broadcast(Clients.Group(RoomGroup(member.SessionId)).Pinned(null));
        }
    }

    private LiveMember Member() => registry.Member(Context.ConnectionId) ?? throw new HubException("Not in a live room.");

    /// <summary>This node's copy of the room, as of the last change applied here (an own change brings it up to date).</summary>
    private Courses.LectureHall.Live.LiveRoom RoomOf(LiveMember member) => registry.Current(member.SessionId) ?? throw new HubException("Not in a live room.");

    private Task<T> ApplyAsync<T>(LiveMember member, LiveRoomCommand command) => registry.ApplyAsync<T>(member.SessionId, command, Context.ConnectionAborted);

    private LiveMember Staff()
    {
        var member = Member();
        return member.Staff ? member : throw Refusal(member, "LiveRoom.StaffOnly");
    }

    private LiveMember Trainee()
    {
        var member = Member();
        return member.PersonId is not null && !member.Staff ? member : throw Refusal(member, "LiveRoom.TraineesOnly");
    }

    /// <summary>
    /// Sends to a group without waiting for its slowest member: the writes to every connection have
    /// started (or, with the backplane, the message is published) when this returns, and a client
    /// that stops reading must not hold up the lecturer's next call (<see cref="SlowClientGuard"/>).
    /// </summary>
    private void Broadcast(Task send)
    {
        if (!send.IsCompletedSuccessfully)
        {
            _ = send.ContinueWith(static (t, state) => LogBroadcastFailed((ILogger)state!, t.Exception!.GetBaseException()),
                logger, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    [LoggerMessage(LogLevel.Warning, "A live room broadcast failed")]
    private static partial void LogBroadcastFailed(ILogger logger, Exception exception);

    private HubException Refusal(LiveMember member, string key, params object[] arguments) => new(Text(member, key, arguments));

    /// <summary>Hub calls do not pass through request localization, so the culture fixed at connect time is applied here.</summary>
    private string Text(LiveMember member, string key, params object[] arguments)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(member.Culture);
            return localizer[key, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private List<LiveAttendanceDto> Localize(LiveMember member, IReadOnlyList<LiveAttendanceRow> rows) =>
        rows.Select(r => new LiveAttendanceDto(r.PersonId, r.Name, r.Minutes, r.Share, r.State.ToString(),
            // Until the lecture ends nobody is absent or late yet: the console says the count is running.
            Text(member, r.Final ? $"LiveAttendanceState.{r.State}" : "LiveAttendanceState.Running"), r.Online, r.CreditedHours, r.MissedChecks)).ToList();
}
