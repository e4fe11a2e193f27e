using LearnHub.Courses.LectureHall.Live;

namespace LearnHub.Courses.Tests.Live;

public class PresenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 30, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset End = Start.AddMinutes(150);

    private static PresenceSpan Span(int fromMinute, int toMinute) => new(Start.AddMinutes(fromMinute), Start.AddMinutes(toMinute));

    [Fact]
    public void Two_tabs_count_once()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150), Span(20, 100)], Start, End);
        Assert.Equal(150, result.Minutes);
        Assert.Equal(LiveAttendanceState.Present, result.State);
    }

    [Fact]
    public void A_quick_reconnect_continues_the_same_presence()
    {
        var merged = PresenceTimeline.Merge([Span(0, 60), Span(60, 150)], TimeSpan.FromMinutes(1));
        Assert.Single(merged);
        var bridged = PresenceTimeline.Merge([Span(0, 60), new PresenceSpan(Start.AddMinutes(60).AddSeconds(30), Start.AddMinutes(150))], TimeSpan.FromMinutes(1));
        Assert.Single(bridged);
        Assert.Equal(150, (int)bridged[0].Length.TotalMinutes);
    }

    [Fact]
    public void A_long_gap_is_not_counted()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 60), Span(80, 150)], Start, End);
        Assert.Equal(130, result.Minutes);
        Assert.Equal(LiveAttendanceState.Present, result.State);
    }

    [Fact]
    public void Minutes_are_clipped_to_the_lecture()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(-30, 200)], Start, End);
        Assert.Equal(150, result.Minutes);
        Assert.Equal(1m, result.Share);
    }

    [Fact]
    public void Joining_after_ten_minutes_is_late_but_credited()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(15, 150)], Start, End);
        Assert.Equal(LiveAttendanceState.Late, result.State);
        Assert.True(result.EarnsCredit);
    }

    [Fact]
    public void Joining_within_ten_minutes_is_present()
    {
        Assert.Equal(LiveAttendanceState.Present, AttendancePolicy.Default.Evaluate([Span(10, 150)], Start, End).State);
    }

    [Fact]
    public void Leaving_more_than_ten_minutes_early_is_left_early()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 135)], Start, End);
        Assert.Equal(LiveAttendanceState.LeftEarly, result.State);
        Assert.True(result.EarnsCredit);
    }

    [Fact]
    public void Less_than_the_share_is_absent_without_credit()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 119)], Start, End);
        Assert.Equal(119, result.Minutes);
        Assert.Equal(LiveAttendanceState.Absent, result.State);
        Assert.False(result.EarnsCredit);
        Assert.Equal(LiveAttendanceState.LeftEarly, AttendancePolicy.Default.Evaluate([Span(0, 120)], Start, End).State);
    }

    [Fact]
    public void No_presence_is_absent()
    {
        Assert.Equal(LiveAttendanceState.Absent, AttendancePolicy.Default.Evaluate([Span(160, 170)], Start, End).State);
    }

    [Fact]
    public void Credit_hours_are_whole_quarter_hours_of_the_schedule()
    {
        Assert.Equal(2.5m, AttendancePolicy.CreditHours(Start, End));
        Assert.Equal(0.75m, AttendancePolicy.CreditHours(Start, Start.AddMinutes(50)));
    }
}

public class ChatThrottleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 6, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Five_messages_in_ten_seconds_then_refused_until_the_window_moves()
    {
        var throttle = new ChatThrottle();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ChatVerdict.Accepted, throttle.Check(1, "你好", Now.AddSeconds(i)));
        }

        Assert.Equal(ChatVerdict.TooFast, throttle.Check(1, "你好", Now.AddSeconds(9)));
        Assert.Equal(ChatVerdict.Accepted, throttle.Check(2, "其他人不受影响", Now.AddSeconds(9)));
        Assert.Equal(ChatVerdict.Accepted, throttle.Check(1, "你好", Now.AddSeconds(10)));
    }

    [Fact]
    public void Long_and_empty_messages_are_refused()
    {
        var throttle = new ChatThrottle();
        Assert.Equal(ChatVerdict.TooLong, throttle.Check(1, new string('字', 301), Now));
        Assert.Equal(ChatVerdict.Accepted, throttle.Check(1, new string('字', 300), Now));
        Assert.Equal(ChatVerdict.Empty, throttle.Check(1, "   ", Now));
    }
}

public class LivePollTests
{
    [Fact]
    public void One_answer_per_person_and_a_change_replaces_it()
    {
        var poll = new LivePoll(1, "本期内容是否清楚？", ["清楚", "基本清楚", "不清楚"]);
        Assert.True(poll.Answer(1, 0));
        Assert.True(poll.Answer(2, 0));
        Assert.True(poll.Answer(1, 2));
        Assert.Equal([1, 0, 1], poll.Tally());
        Assert.Equal(2, poll.Voters);
    }

    [Fact]
    public void Closed_polls_and_unknown_options_refuse_answers()
    {
        var poll = new LivePoll(1, "问题", ["是", "否"]);
        Assert.False(poll.Answer(1, 5));
        poll.Close();
        Assert.False(poll.Answer(1, 0));
        Assert.Equal([0, 0], poll.Tally());
    }

    [Fact]
    public void A_poll_needs_two_options()
    {
        Assert.Throws<ArgumentException>(() => new LivePoll(1, "问题", ["是", " "]));
    }
}

public class LiveRoomTests
{
    [Fact]
    public void Slides_split_on_dashes_and_the_current_slide_stays_in_the_deck()
    {
        var slides = LiveSlides.Split("# 一\n\n内容\n---\n# 二\n\n---\n# 三");
        Assert.Equal(3, slides.Count);
        var room = new LiveRoom(1, slides);
        Assert.Equal(2, room.GoToSlide(7));
        Assert.Equal(0, room.GoToSlide(-1));
        Assert.Contains("<h1", LiveSlides.ToHtml("# 一", "")[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_replaced_deck_keeps_the_page_number_it_has_and_its_own_count()
    {
        var room = new LiveRoom(1, ["<h1>一</h1>", "<h1>二</h1>"]);
        room.GoToSlide(1);
        var pdf = new LiveSlideSet(["/p/1.jpg", "/p/2.jpg", "/p/3.jpg"], Images: true);
        Assert.Equal(1, new LiveRoomCommand(LiveRoomCommandKind.ReplaceSlides, DateTimeOffset.UnixEpoch, Options: pdf.Slides, Images: true).ApplyTo(room));
        Assert.True(room.SlideSet.Images);
        Assert.Equal(2, room.GoToSlide(9));

        // A shorter deck pulls the page back within it; an empty one shows nothing.
        Assert.Equal(0, room.ReplaceSlides(new LiveSlideSet(["/q/1.jpg"], Images: true)));
        Assert.Equal(0, room.ReplaceSlides(LiveSlideSet.Empty));
        Assert.Equal((0, LiveSlideSet.Empty), room.Shown());
    }

    [Fact]
    public void Questions_are_public_once_approved_and_votes_toggle()
    {
        var room = new LiveRoom(1, []);
        var q = room.Ask(5, "张三", "年检材料什么时候交？", DateTimeOffset.UnixEpoch);
        Assert.Empty(room.Questions(staff: false, personId: 6));
        Assert.Single(room.Questions(staff: false, personId: 5));
        Assert.Null(room.ToggleUpvote(q.Id, 6));
        room.Moderate(q.Id, approve: true);
        Assert.Equal(1, room.ToggleUpvote(q.Id, 6)!.Votes);
        Assert.Equal(0, room.ToggleUpvote(q.Id, 6)!.Votes);
        Assert.True(room.Pin(q.Id));
        room.Moderate(q.Id, hide: true);
        Assert.Null(room.PinnedQuestionId);
    }

    [Fact]
    public void A_new_poll_closes_the_previous_one()
    {
        var room = new LiveRoom(1, []);
        var first = room.LaunchPoll("一", ["是", "否"]);
        var second = room.LaunchPoll("二", ["是", "否"]);
        Assert.False(first.IsOpen);
        Assert.False(room.AnswerPoll(first.Id, 1, 0).Accepted);
        Assert.True(room.AnswerPoll(second.Id, 1, 0).Accepted);
    }
}
