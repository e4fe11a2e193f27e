using System.Globalization;
using System.Security.Claims;
using LearnHub.Courses.Data;
using LearnHub.Courses.Live;
using LearnHub.Web.Features.LiveVideo;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LiveRoom;

/// <summary>
/// The live room of a lecture-hall session (/hubs/live?session=ID). Who may do what is decided
/// once, when the connection opens: staff (an administrator or the session's own lecturer) run the
/// lecture; any signed-in person with a trainee record may join, ask, vote, chat and answer polls.
/// Every method checks the role fixed then, so a trainee's connection cannot call a staff method.
/// </summary>
[Authorize]
public sealed class LiveRoomHub(
    LiveRoomRegistry registry,
    LiveLectures lectures,
    CoursesDbContext db,
    TimeProvider clock,
    IStringLocalizer<SharedResource> localizer,
    LiveVideoService video) : Hub<ILiveRoomClient>
{
    public const string Path = "/hubs/live";

    public static string RoomGroup(int sessionId) => $"live:{sessionId}";

    public static string StaffGroup(int sessionId) => $"live:{sessionId}:staff";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var user = Context.User ?? new ClaimsPrincipal();
        if (!int.TryParse(http?.Request.Query["session"], out var sessionId)
            || await lectures.FindSessionAsync(sessionId, Context.ConnectionAborted) is not { } session)
        {
            Context.Abort();
            return;
        }

        var personId = ReadInt(user, CurrentScope.PersonClaim);
        var lecturerId = ReadInt(user, CurrentScope.LecturerClaim);
        var staff = user.IsInRole(Roles.Admin) || (lecturerId is not null && session.LecturerId == lecturerId);
        if (!staff && personId is null)
        {
            Context.Abort();
            return;
        }

        var name = personId is { } pid
            ? await db.People.AsNoTracking().Where(p => p.Id == pid).Select(p => p.Name).SingleOrDefaultAsync(Context.ConnectionAborted) ?? ""
            : user.Identity?.Name ?? "";
        var culture = http?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? "zh-CN";
        var member = new LiveMember(sessionId, personId, name, staff, culture, user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "");
        registry.Add(Context.ConnectionId, member);
        var room = registry.Room(session);
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroup(sessionId));
        if (staff)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, StaffGroup(sessionId));
        }
        else if (personId is { } id && room.Phase != LiveRoomPhase.Ended)
        {
            await lectures.OpenAsync(sessionId, id, Context.ConnectionId);
        }

        await Clients.Caller.State(new LiveStateDto(
            room.Phase.ToString(),
            LiveDtos.Slide(room),
            room.Notice,
            LiveDtos.Poll(room, staff, personId),
            room.PinnedQuestionId is { } pinned && room.Question(pinned) is { } q ? LiveDtos.Question(q, personId) : null,
            room.Questions(staff, personId).Select(x => LiveDtos.Question(x, personId)).ToList(),
            staff));
        await Clients.Group(StaffGroup(sessionId)).Audience(registry.Audience(sessionId));
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (registry.Remove(Context.ConnectionId) is { } member)
        {
            if (!member.Staff && member.PersonId is not null)
            {
                await lectures.CloseAsync(Context.ConnectionId);
            }

            await Clients.Group(StaffGroup(member.SessionId)).Audience(registry.Audience(member.SessionId));
        }

        await base.OnDisconnectedAsync(exception);
    }

    public async Task StartLecture()
    {
        var (member, room) = Staff();
        if (room.Start(clock.GetUtcNow()))
        {
            await Clients.Group(RoomGroup(member.SessionId)).Phase(room.Phase.ToString());
        }
    }

    /// <summary>
    /// Ends the lecture, stores attendance and credits the ledger; the console gets the final list. The
    /// video stops too, and its recording goes to the replay import.
    /// </summary>
    public async Task<IReadOnlyList<LiveAttendanceDto>> EndLecture()
    {
        var (member, room) = Staff();
        room.End(clock.GetUtcNow());
        await Clients.Group(RoomGroup(member.SessionId)).Phase(room.Phase.ToString());
        var rows = await lectures.EndAsync(member.SessionId, member.UserId);
        await video.EndAsync(member.SessionId, member.UserId);
        var list = Localize(member, rows);
        await Clients.Group(StaffGroup(member.SessionId)).Attendance(list);
        return list;
    }

    public async Task<IReadOnlyList<LiveAttendanceDto>> GetAttendance()
    {
        var (member, _) = Staff();
        return Localize(member, await lectures.AttendanceAsync(member.SessionId));
    }

    public async Task SetSlide(int index)
    {
        var (member, room) = Staff();
        room.GoToSlide(index);
        await Clients.Group(RoomGroup(member.SessionId)).Slide(LiveDtos.Slide(room));
    }

    public async Task PublishNotice(string text)
    {
        var (member, room) = Staff();
        if ((text ?? "").Trim().Length > Courses.Live.LiveRoom.MaxNoticeLength)
        {
            throw Refusal(member, "LiveRoom.NoticeTooLong", Courses.Live.LiveRoom.MaxNoticeLength);
        }

        await Clients.Group(RoomGroup(member.SessionId)).Notice(room.SetNotice(text));
    }

    public async Task LaunchPoll(string question, string[] options)
    {
        var (member, room) = Staff();
        LivePoll poll;
        try
        {
            poll = room.LaunchPoll(question, options ?? []);
        }
        catch (ArgumentException)
        {
            throw Refusal(member, "LiveRoom.PollInvalid", LivePoll.MaxOptions, LivePoll.MaxTextLength);
        }

        await Clients.Group(RoomGroup(member.SessionId)).Poll(new LivePollDto(poll.Id, poll.Question, poll.Options, true, null, null));
        await Clients.Group(StaffGroup(member.SessionId)).PollResults(poll.Id, room.PollTally());
    }

    /// <summary>Closes the poll and shows everyone the results.</summary>
    public async Task ClosePoll()
    {
        var (member, room) = Staff();
        if (room.ClosePoll() is { } poll)
        {
            await Clients.Group(RoomGroup(member.SessionId)).Poll(new LivePollDto(poll.Id, poll.Question, poll.Options, false, room.PollTally(), null));
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
        var (member, room) = Staff();
        if (!room.Pin(id))
        {
            throw Refusal(member, "LiveRoom.CannotPin");
        }

        var question = id is { } qid ? room.Question(qid) : null;
        await Clients.Group(RoomGroup(member.SessionId)).Pinned(question is null ? null : LiveDtos.Question(question, null));
    }

    public async Task Ask(string text)
    {
        var (member, room) = Trainee();
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > LiveQuestion.MaxLength)
        {
            throw Refusal(member, "LiveRoom.QuestionLength", LiveQuestion.MaxLength);
        }

        var question = room.Ask(member.PersonId!.Value, member.Name, trimmed, clock.GetUtcNow());
        await Clients.Caller.Question(LiveDtos.Question(question, member.PersonId));
        await Clients.Group(StaffGroup(member.SessionId)).Question(LiveDtos.Question(question, null));
    }

    public async Task Upvote(int id)
    {
        var (member, room) = Trainee();
        if (room.ToggleUpvote(id, member.PersonId!.Value) is { } question)
        {
            await Clients.Group(RoomGroup(member.SessionId)).Question(LiveDtos.Question(question, null));
        }
    }

    public async Task SendChat(string text)
    {
        var member = Member();
        var room = RoomOf(member);
        var verdict = room.Chat.Check(member.PersonId ?? -1, text, clock.GetUtcNow());
        switch (verdict)
        {
            case ChatVerdict.Accepted:
                await Clients.Group(RoomGroup(member.SessionId)).Chat(new LiveChatDto(member.Name, text.Trim(), clock.GetUtcNow()));
                break;
            case ChatVerdict.TooFast:
                await Clients.Caller.Refused(Text(member, "LiveRoom.ChatTooFast", room.Chat.MaxMessages, (int)room.Chat.Window.TotalSeconds));
                break;
            case ChatVerdict.TooLong:
                await Clients.Caller.Refused(Text(member, "LiveRoom.ChatTooLong", room.Chat.MaxLength));
                break;
            default:
                break;
        }
    }

    /// <summary>Answers the open poll; answering again replaces the earlier answer.</summary>
    public async Task AnswerPoll(int pollId, int option)
    {
        var (member, room) = Trainee();
        var (accepted, tally) = room.AnswerPoll(pollId, member.PersonId!.Value, option);
        if (!accepted)
        {
            throw Refusal(member, "LiveRoom.PollClosed.Refusal");
        }

        await Clients.Group(StaffGroup(member.SessionId)).PollResults(pollId, tally);
    }

    private async Task ModerateAsync(int id, bool? approve = null, bool? hide = null, string? answer = null)
    {
        var (member, room) = Staff();
        var question = room.Moderate(id, approve, hide, answer) ?? throw Refusal(member, "LiveRoom.NoSuchQuestion");
        var dto = LiveDtos.Question(question, null);
        await Clients.Group(StaffGroup(member.SessionId)).Question(dto);
        if (question.IsPublic)
        {
            await Clients.Group(RoomGroup(member.SessionId)).Question(dto);
        }
        else
        {
            await Clients.Group(RoomGroup(member.SessionId)).QuestionRemoved(id);
        }

        if (hide == true && room.PinnedQuestionId is null)
        {
            await Clients.Group(RoomGroup(member.SessionId)).Pinned(null);
        }
    }

    private LiveMember Member() => registry.Member(Context.ConnectionId) ?? throw new HubException("Not in a live room.");

    private Courses.Live.LiveRoom RoomOf(LiveMember member) => registry.Find(member.SessionId) ?? throw new HubException("Not in a live room.");

    private (LiveMember Member, Courses.Live.LiveRoom Room) Staff()
    {
        var member = Member();
        return member.Staff ? (member, RoomOf(member)) : throw Refusal(member, "LiveRoom.StaffOnly");
    }

    private (LiveMember Member, Courses.Live.LiveRoom Room) Trainee()
    {
        var member = Member();
        return member.PersonId is not null && !member.Staff ? (member, RoomOf(member)) : throw Refusal(member, "LiveRoom.TraineesOnly");
    }

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
            Text(member, $"LiveAttendanceState.{r.State}"), r.Online, r.CreditedHours)).ToList();

    private static int? ReadInt(ClaimsPrincipal user, string type) =>
        int.TryParse(user.FindFirst(type)?.Value, out var value) ? value : null;
}
