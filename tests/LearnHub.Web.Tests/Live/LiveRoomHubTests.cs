using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Live;

/// <summary>The app with a clock the tests move, so presence minutes are exact.</summary>
public sealed class LiveRoomFactory : LearnHubFactory
{
    /// <summary>14:30 in the programme's time zone on the day of the test sessions.</summary>
    public static readonly DateTimeOffset LectureStart = OnTestDay(14, 30);

    protected override TestClock CreateClock() => new(LectureStart, running: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Checks by hand only: a random one falling while a test moves the clock would change its minutes.
        builder.UseSetting("LiveRoom:AttentionChecks:IntervalMinutes", "0");
    }
}

public sealed class LiveRoomHubTests(LiveRoomFactory factory) : IClassFixture<LiveRoomFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";
    private const string Trainee2 = "trainee2@learnhub.example";

    [Fact]
    public async Task Join_leave_and_rejoin_give_the_attended_minutes_and_credit_the_ledger()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        await lecturer.InvokeAsync("StartLecture");

        var trainee = await ConnectAsync(Trainee, sessionId);
        // A second tab of the same person: counted once.
        var secondTab = await ConnectAsync(Trainee, sessionId);
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(30);
        await trainee.DisposeAsync();
        await secondTab.DisposeAsync();
        await WaitUntilClosedAsync(sessionId);

        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(50);
        await using var again = await ConnectAsync(Trainee, sessionId);
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(150);

        var rows = await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture");
        var row = Assert.Single(rows);
        Assert.Equal(130, row.Minutes);
        Assert.Equal(nameof(LiveAttendanceState.Present), row.State);
        Assert.Equal(2.5m, row.CreditedHours);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var credit = await db.LedgerEntries.SingleAsync(e => e.CreditKey == $"live:{sessionId}");
        Assert.Equal(2.5m, credit.Hours);
        Assert.Equal(LedgerSource.LiveLecture, credit.Source);
        Assert.True(credit.Centralized);
        Assert.Equal(row.PersonId, credit.PersonId);
        Assert.Equal(130, (await db.Set<LiveAttendance>().SingleAsync(a => a.SessionId == sessionId)).Minutes);

        // Ending twice does not credit twice.
        await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture");
        Assert.Equal(1, await db.LedgerEntries.CountAsync(e => e.CreditKey == $"live:{sessionId}"));
    }

    [Fact]
    public async Task Someone_credited_in_the_room_is_not_credited_again_for_watching_live()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await NewSessionAsync();
        int personId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            personId = await db.People.Where(p => p.Mobile == "18104575004").Select(p => p.Id).SingleAsync();
            var session = await db.LectureHallSessions.SingleAsync(s => s.Id == sessionId);
            await scope.ServiceProvider.GetRequiredService<TrainingLedger>().CreditAsync(new LedgerCredit(personId, session.Date, 2.5m,
                LedgerSource.InPersonAttendance, true, $"session:{sessionId}", $"session:{sessionId}", session.Topic, "lecturer"));
        }

        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        await using var trainee = await ConnectAsync(Trainee2, sessionId);
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(150);

        var row = Assert.Single(await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture"));
        Assert.Equal(nameof(LiveAttendanceState.Present), row.State);
        Assert.Equal(0m, row.CreditedHours);
        await using var check = factory.Services.CreateAsyncScope();
        var entries = await check.ServiceProvider.GetRequiredService<CoursesDbContext>().LedgerEntries
            .Where(e => e.PersonId == personId && e.Reference == $"session:{sessionId}").ToListAsync();
        Assert.Equal(LedgerSource.InPersonAttendance, Assert.Single(entries).Source);
    }

    [Fact]
    public async Task Too_short_a_presence_is_absent_and_not_credited()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        var trainee = await ConnectAsync(Trainee2, sessionId);
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(60);
        await trainee.DisposeAsync();
        await WaitUntilClosedAsync(sessionId);
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(150);

        var row = Assert.Single(await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture"));
        Assert.Equal(60, row.Minutes);
        Assert.Equal(nameof(LiveAttendanceState.Absent), row.State);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().LedgerEntries.AnyAsync(e => e.CreditKey == $"live:{sessionId}"));
    }

    [Fact]
    public async Task A_trainee_calling_a_lecturer_method_is_refused()
    {
        var sessionId = await NewSessionAsync();
        await using var trainee = await ConnectAsync(Trainee, sessionId);
        var refusal = await Assert.ThrowsAsync<HubException>(() => trainee.InvokeAsync("SetSlide", 2));
        Assert.Contains("只有本期讲师或管理员", refusal.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => trainee.InvokeAsync<List<LiveAttendanceDto>>("EndLecture"));
        await Assert.ThrowsAsync<HubException>(() => trainee.InvokeAsync("LaunchPoll", "问题", new[] { "是", "否" }));
    }

    [Fact]
    public async Task Another_lecturer_is_not_staff_of_this_session_and_is_turned_away()
    {
        var sessionId = await NewSessionAsync();
        // lecturer@ teaches other sessions and has no trainee record: the hub closes the connection.
        var other = await BuildAsync("lecturer@learnhub.example", sessionId);
        var closed = new TaskCompletionSource();
        other.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        try
        {
            await other.StartAsync();
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (HttpRequestException)
        {
            // Refused before the connection opened: also turned away.
        }

        Assert.NotEqual(HubConnectionState.Connected, other.State);
        await other.DisposeAsync();
    }

    [Fact]
    public async Task A_slide_change_reaches_every_client_and_a_late_joiner_gets_the_current_slide()
    {
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        var one = await ConnectAsync(Trainee, sessionId);
        var two = await ConnectAsync(Trainee2, sessionId);
        var seenByOne = LiveTestSupport.Expect<LiveSlideDto>(one, "Slide");
        var seenByTwo = LiveTestSupport.Expect<LiveSlideDto>(two, "Slide");
        await lecturer.InvokeAsync("SetSlide", 2);
        Assert.Equal(2, (await seenByOne).Index);
        var slide = await seenByTwo;
        Assert.Equal(2, slide.Index);
        Assert.Equal(3, slide.Count);
        Assert.Contains("第三页", slide.Html, StringComparison.Ordinal);

        await lecturer.InvokeAsync("PublishNotice", "十分钟后开始提问环节");
        var late = await BuildAsync(Trainee2, sessionId);
        var state = LiveTestSupport.Expect<LiveStateDto>(late, "State");
        await late.StartAsync();
        var caughtUp = await state;
        Assert.Equal(2, caughtUp.Slide.Index);
        Assert.Equal("十分钟后开始提问环节", caughtUp.Notice);
        await late.DisposeAsync();
        await one.DisposeAsync();
        await two.DisposeAsync();
    }

    [Fact]
    public async Task A_chat_flood_is_throttled_with_a_message_not_a_disconnect()
    {
        var sessionId = await NewSessionAsync();
        await using var trainee = await ConnectAsync(Trainee, sessionId);
        var refused = LiveTestSupport.Expect<string>(trainee, "Refused");
        var delivered = 0;
        trainee.On<LiveChatDto[]>("Chat", lines => Interlocked.Add(ref delivered, lines.Length));
        for (var i = 0; i < 8; i++)
        {
            await trainee.InvokeAsync("SendChat", $"第{i}条");
        }

        Assert.Contains("发言过于频繁", await refused, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, trainee.State);
        await WaitForAsync(() => delivered == 5);
        Assert.Equal(5, delivered);
    }

    [Fact]
    public async Task A_poll_counts_one_answer_per_person()
    {
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        await using var one = await ConnectAsync(Trainee, sessionId);
        await using var two = await ConnectAsync(Trainee2, sessionId);
        var launched = LiveTestSupport.Expect<LivePollDto>(one, "Poll");
        await lecturer.InvokeAsync("LaunchPoll", "本期内容是否清楚？", new[] { "清楚", "基本清楚", "不清楚" });
        var poll = await launched;
        Assert.Null(poll.Tally);

        await one.InvokeAsync("AnswerPoll", poll.Id, 0);
        await one.InvokeAsync("AnswerPoll", poll.Id, 0);
        await one.InvokeAsync("AnswerPoll", poll.Id, 1);
        await two.InvokeAsync("AnswerPoll", poll.Id, 1);
        var results = LiveTestSupport.Expect<LivePollDto>(two, "Poll");
        await lecturer.InvokeAsync("ClosePoll");
        Assert.Equal([0, 2, 0], (await results).Tally);
        await Assert.ThrowsAsync<HubException>(() => two.InvokeAsync("AnswerPoll", poll.Id, 2));
    }

    [Fact]
    public async Task Questions_reach_the_lecturer_and_answers_reach_the_room()
    {
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        await using var asker = await ConnectAsync(Trainee, sessionId);
        await using var other = await ConnectAsync(Trainee2, sessionId);
        var atLecturer = LiveTestSupport.Expect<LiveQuestionDto>(lecturer, "Question");
        await asker.InvokeAsync("Ask", "年检报告的截止时间是什么时候？");
        var question = await atLecturer;
        Assert.False(question.Approved);

        var atOther = LiveTestSupport.Expect<LiveQuestionDto>(other, "Question");
        await lecturer.InvokeAsync("AnswerQuestion", question.Id, "一般为每年 5 月 31 日前，以登记管理机关通知为准。");
        var answered = await atOther;
        Assert.True(answered.Approved);
        Assert.StartsWith("一般为每年", answered.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attention_check_left_unanswered_stops_the_minutes_and_an_answer_in_any_tab_counts()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        await lecturer.InvokeAsync("StartLecture");
        await using var answering = await ConnectAsync(Trainee, sessionId);
        await using var answeringOtherTab = await ConnectAsync(Trainee, sessionId);
        await using var silent = await ConnectAsync(Trainee2, sessionId);

        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(60);
        var asked = LiveTestSupport.Expect<LiveAttentionDto>(answering, "AttentionCheck");
        var askedSilent = LiveTestSupport.Expect<LiveAttentionDto>(silent, "AttentionCheck");
        var number = await lecturer.InvokeAsync<int>("LaunchAttentionCheck");
        var check = await asked;
        Assert.Equal(number, check.Number);
        Assert.Equal(90, check.SecondsLeft);
        Assert.Equal(number, (await askedSilent).Number);

        // Answered in one tab: the other tab is told, and a tab opened afterwards is not asked again.
        var otherTabTold = LiveTestSupport.Expect<int>(answeringOtherTab, "AttentionAnswered");
        Assert.True(await LiveTestSupport.AnswerAsync(factory, answering, Trainee, sessionId, number));
        Assert.Equal(number, await otherTabTold);
        await using var thirdTab = await BuildAsync(Trainee, sessionId);
        var thirdState = LiveTestSupport.Expect<LiveStateDto>(thirdTab, "State");
        await thirdTab.StartAsync();
        Assert.Null((await thirdState).Attention);

        // The silent trainee reconnects (a new tab) a minute later: the check still waits, with 30 s left.
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(61);
        await using var silentAgain = await BuildAsync(Trainee2, sessionId);
        var silentState = LiveTestSupport.Expect<LiveStateDto>(silentAgain, "State");
        await silentAgain.StartAsync();
        var pending = (await silentState).Attention;
        Assert.NotNull(pending);
        Assert.Equal(number, pending.Number);
        Assert.Equal(30, pending.SecondsLeft);

        // While the lecture runs the console already sees the miss.
        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(100);
        var during = await lecturer.InvokeAsync<List<LiveAttendanceDto>>("GetAttendance");
        Assert.Equal(1, during.Single(r => r.MissedChecks > 0).MissedChecks);
        // Nobody is judged absent or late before the end: the count is running.
        Assert.All(during, r => Assert.Equal("统计中", r.StateLabel));

        factory.Clock.Now = LiveRoomFactory.LectureStart.AddMinutes(150);
        var rows = await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture");
        Assert.Equal(2, rows.Count);
        var attentive = rows.Single(r => r.MissedChecks == 0);
        Assert.Equal(150, attentive.Minutes);
        Assert.Equal(nameof(LiveAttendanceState.Present), attentive.State);
        Assert.Equal("出勤", attentive.StateLabel);
        Assert.Equal(2.5m, attentive.CreditedHours);
        var missed = rows.Single(r => r.MissedChecks == 1);
        // Minutes stop at the check's issue: 60 of 150 is short of 80%.
        Assert.Equal(60, missed.Minutes);
        Assert.Equal(nameof(LiveAttendanceState.Absent), missed.State);
        Assert.Equal(0m, missed.CreditedHours);
        // After the end the check can no longer be answered.
        Assert.False(await LiveTestSupport.AnswerAsync(factory, silent, Trainee2, sessionId, number));

        await using var scope = factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Set<LiveAttendance>().Where(a => a.SessionId == sessionId).ToListAsync();
        Assert.Equal([0, 1], stored.Select(a => a.MissedChecks).Order());
    }

    [Fact]
    public async Task A_bot_echoing_the_check_cannot_answer_it_and_guessing_ends_it_as_missed()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, sessionId);
        await lecturer.InvokeAsync("StartLecture");
        await using var bot = await ConnectAsync(Trainee, sessionId);
        await using var person = await ConnectAsync(Trainee2, sessionId);
        var asked = LiveTestSupport.Expect<LiveAttentionDto>(bot, "AttentionCheck");
        var number = await lecturer.InvokeAsync<int>("LaunchAttentionCheck");
        var check = await asked;

        // What the room sends is the check's number and time, never a code: echoing it back is no answer.
        Assert.False((await bot.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, number.ToString(System.Globalization.CultureInfo.InvariantCulture))).Accepted);
        Assert.False((await bot.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, check.SecondsLeft.ToString(System.Globalization.CultureInfo.InvariantCulture))).Accepted);
        var third = await bot.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, "");
        Assert.True(third.Missed);
        // The right code after the miss is too late: the check stays missed.
        Assert.False(await LiveTestSupport.AnswerAsync(factory, bot, Trainee, sessionId, number));

        // The person's own code is a picture, theirs alone, and gone once they can no longer answer.
        var client = await factory.SignInAsync(Trainee2);
        var picture = await client.GetAsync($"/live/{sessionId}/attention/{number}/image");
        Assert.Equal(System.Net.HttpStatusCode.OK, picture.StatusCode);
        Assert.Equal("image/png", picture.Content.Headers.ContentType!.MediaType);
        var botClient = await factory.SignInAsync(Trainee);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await botClient.GetAsync($"/live/{sessionId}/attention/{number}/image")).StatusCode);
        Assert.True(await LiveTestSupport.AnswerAsync(factory, person, Trainee2, sessionId, number));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/live/{sessionId}/attention/{number}/image")).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var codes = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Set<LiveAttentionCheck>()
            .Where(c => c.SessionId == sessionId && c.Number == number).Select(c => c.Code).ToListAsync();
        Assert.All(codes, c => Assert.Matches("^[0-9]{4}$", c));
    }

    [Fact]
    public async Task A_check_cannot_be_answered_from_another_session_or_by_someone_not_asked()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var asking = await NewSessionAsync();
        var other = await NewSessionAsync();
        await using var lecturer = await ConnectAsync(Lecturer, asking);
        await using var otherLecturer = await ConnectAsync(Lecturer, other);
        await lecturer.InvokeAsync("StartLecture");
        await otherLecturer.InvokeAsync("StartLecture");
        await using var present = await ConnectAsync(Trainee, asking);
        await using var elsewhere = await ConnectAsync(Trainee2, other);

        var asked = LiveTestSupport.Expect<LiveAttentionDto>(present, "AttentionCheck");
        var number = await lecturer.InvokeAsync<int>("LaunchAttentionCheck");
        await asked;
        // The same number from a session with no such check, and a number never issued: refused, connection kept.
        Assert.False(await LiveTestSupport.AnswerAsync(factory, elsewhere, Trainee2, other, number));
        Assert.False(await LiveTestSupport.AnswerAsync(factory, present, Trainee, asking, number + 1));
        Assert.Equal(HubConnectionState.Connected, elsewhere.State);
        // Someone who joined after the check was put was not asked.
        await using var late = await ConnectAsync(Trainee2, asking);
        Assert.False(await LiveTestSupport.AnswerAsync(factory, late, Trainee2, asking, number));
        // Staff do not answer, trainees do not launch.
        await Assert.ThrowsAsync<HubException>(() => lecturer.InvokeAsync<LiveAttentionResultDto>("AnswerAttentionCheck", number, "0000"));
        await Assert.ThrowsAsync<HubException>(() => present.InvokeAsync<int>("LaunchAttentionCheck"));

        // A newer check replaces the old one: only the newer can be answered.
        var second = await lecturer.InvokeAsync<int>("LaunchAttentionCheck");
        Assert.False(await LiveTestSupport.AnswerAsync(factory, present, Trainee, asking, number));
        Assert.True(await LiveTestSupport.AnswerAsync(factory, present, Trainee, asking, second));

        await using var scope = factory.Services.CreateAsyncScope();
        var checks = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Set<LiveAttentionCheck>()
            .Where(c => c.SessionId == asking || c.SessionId == other).ToListAsync();
        Assert.DoesNotContain(checks, c => c.SessionId == other);
        Assert.Null(checks.Single(c => c.Number == number).AnsweredAt);
        // The late joiner was present for the second check, so it was put to them too.
        Assert.Equal(2, checks.Count(c => c.Number == second));
    }

    [Fact]
    public async Task The_pages_are_for_the_right_people()
    {
        var sessionId = await NewSessionAsync();
        var trainee = await factory.SignInAsync(Trainee);
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync($"/live/{sessionId}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await trainee.GetAsync($"/live/{sessionId}/console")).StatusCode);
        var lecturer = await factory.SignInAsync(Lecturer);
        var console = await lecturer.GetStringAsync($"/live/{sessionId}/console");
        Assert.Contains("直播控制台", console, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", console, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await factory.CreateBrowser().GetAsync($"/live/{sessionId}")).StatusCode);
    }

    [Fact]
    public async Task A_room_whose_day_has_passed_without_a_lecture_does_not_say_not_started()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await NewSessionAsync();
        const string NotStarted = "data-phase=\"Waiting\">未开始</span>";
        const string NotStreamed = "data-phase=\"Waiting\">已举办，未直播</span>";
        Assert.Contains(NotStarted, await (await factory.SignInAsync(Trainee)).GetStringAsync($"/live/{sessionId}"), StringComparison.Ordinal);
        try
        {
            // 23:59 on the session's day in the programme's zone: still its day, still "not started".
            // (Signed in again at each time: a sign-in lasts 8 hours.)
            factory.Clock.Now = LearnHubFactory.OnTestDay(23, 59);
            Assert.Contains(NotStarted, await (await factory.SignInAsync(Trainee)).GetStringAsync($"/live/{sessionId}"), StringComparison.Ordinal);
            // 00:01 the next day there: the series page says "held", and so do the room and the console.
            factory.Clock.Now = LearnHubFactory.OnTestDay(23, 59).AddMinutes(2);
            var room = await (await factory.SignInAsync(Trainee)).GetStringAsync($"/live/{sessionId}");
            Assert.Contains(NotStreamed, room, StringComparison.Ordinal);
            Assert.Contains("data-t-phase-waiting=\"已举办，未直播\"", room, StringComparison.Ordinal);
            Assert.Contains("本期已举办，没有在线直播。", room, StringComparison.Ordinal);
            Assert.DoesNotContain("尚未开播", room, StringComparison.Ordinal);
            Assert.Contains(NotStreamed, await (await factory.SignInAsync(Lecturer)).GetStringAsync($"/live/{sessionId}/console"), StringComparison.Ordinal);
        }
        finally
        {
            factory.Clock.Now = LiveRoomFactory.LectureStart;
        }
    }

    private Task<int> NewSessionAsync() => LiveTestSupport.NewSessionAsync(factory, "直播测试", "# 第一页\n---\n# 第二页\n---\n# 第三页");

    private async Task<HubConnection> ConnectAsync(string email, int sessionId)
    {
        var connection = await BuildAsync(email, sessionId);
        var state = LiveTestSupport.Expect<LiveStateDto>(connection, "State");
        await connection.StartAsync();
        await state;
        return connection;
    }

    private Task<HubConnection> BuildAsync(string email, int sessionId) => LiveTestSupport.BuildAsync(factory, email, sessionId);

    private async Task WaitUntilClosedAsync(int sessionId) =>
        await WaitForAsync(() =>
        {
            using var scope = factory.Services.CreateScope();
            return !scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Set<LivePresence>().Any(p => p.SessionId == sessionId && p.LeftAt == null);
        });

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
