using LearnHub.Courses.LectureHall.Live;

namespace LearnHub.Courses.Tests.Live;

public class AttentionCheckTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 14, 30, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset End = Start.AddMinutes(150);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(90);

    private static PresenceSpan Span(int fromMinute, int toMinute) => new(At(fromMinute), At(toMinute));

    private static DateTimeOffset At(double minute) => Start.AddMinutes(minute);

    private static AttentionCheckRecord Check(int issuedMinute, double? answeredMinute) =>
        new(At(issuedMinute), At(issuedMinute) + Window, answeredMinute is { } a ? At(a) : null);

    [Fact]
    public void A_check_answered_in_time_costs_nothing()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150)], Start, End, [Check(40, 41)]);
        Assert.Equal(150, result.Minutes);
        Assert.Equal(0, result.MissedChecks);
        Assert.Equal(LiveAttendanceState.Present, result.State);
    }

    [Fact]
    public void A_missed_check_stops_the_minutes_from_its_issue_to_the_end()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150)], Start, End, [Check(100, null)]);
        Assert.Equal(100, result.Minutes);
        Assert.Equal(1, result.MissedChecks);
        // 100 of 150 minutes is under 80%: no credit, though the connection stayed open throughout.
        Assert.Equal(LiveAttendanceState.Absent, result.State);
        Assert.False(result.EarnsCredit);
    }

    [Fact]
    public void A_late_answer_resumes_the_counting_from_the_answer()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150)], Start, End, [Check(60, 70)]);
        Assert.Equal(140, result.Minutes);
        Assert.Equal(1, result.MissedChecks);
        Assert.Equal(LiveAttendanceState.Present, result.State);
    }

    [Fact]
    public void Answering_a_later_check_ends_the_stretch_of_an_earlier_missed_one()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150)], Start, End, [Check(30, null), Check(45, 46)]);
        Assert.Equal(134, result.Minutes);
        Assert.Equal(1, result.MissedChecks);
    }

    [Fact]
    public void Two_missed_checks_in_a_row_are_not_subtracted_twice()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150)], Start, End, [Check(30, null), Check(45, null), Check(60, 62)]);
        Assert.Equal(150 - 32, result.Minutes);
        Assert.Equal(3, result.MissedChecks);
    }

    [Fact]
    public void Time_away_during_an_unanswered_check_is_not_subtracted_again()
    {
        // Check at 40 left unanswered; away from 50 to 80 (a real leave, beyond the reconnect grace); answered on return at 90.
        var result = AttendancePolicy.Default.Evaluate([Span(0, 50), Span(80, 150)], Start, End, [Check(40, 90)]);
        // Present 120 minutes, of which 40–50 and 80–90 were unattended.
        Assert.Equal(100, result.Minutes);
        Assert.Equal(1, result.MissedChecks);
    }

    [Fact]
    public void Several_tabs_count_once_with_checks_too()
    {
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150), Span(10, 140), Span(30, 60)], Start, End, [Check(50, 55)]);
        Assert.Equal(145, result.Minutes);
        Assert.Equal(1, result.MissedChecks);
    }

    [Fact]
    public void Late_and_left_early_follow_presence_not_the_checks()
    {
        // Confirmed at 10 after a check at 0: 10 minutes unattended but present from the start, so not late.
        var result = AttendancePolicy.Default.Evaluate([Span(0, 150)], Start, End, [Check(0, 10)]);
        Assert.Equal(LiveAttendanceState.Present, result.State);
        Assert.Equal(At(0), result.FirstJoined);
    }

    [Fact]
    public void Only_the_next_number_is_taken_so_nodes_racing_put_one_check()
    {
        var room = new LiveRoom(1, []);
        Assert.False(room.IssueAttentionCheck(1, At(5), At(6), null));
        room.Start(At(0), At(15));
        Assert.Equal(At(15), room.NextAttentionAt);
        Assert.True(room.IssueAttentionCheck(1, At(15), At(16), At(30)));
        // A second node saw the same due time and asked for check 1 as well.
        Assert.False(room.IssueAttentionCheck(1, At(15), At(16), At(31)));
        Assert.Equal(At(30), room.NextAttentionAt);
        // A number ahead of the room's (checks the database kept over a restart) is taken.
        Assert.True(room.IssueAttentionCheck(3, At(30), At(31), null));
        room.End(At(150));
        Assert.Null(room.NextAttentionAt);
        Assert.False(room.IssueAttentionCheck(4, At(150), At(151), null));
    }

    [Fact]
    public void The_next_check_is_random_within_the_jitter_and_never_inside_the_window()
    {
        var schedule = AttentionSchedule.Default;
        var random = new Random(7);
        var gaps = Enumerable.Range(0, 200).Select(_ => (schedule.Next(Start, random)!.Value - Start).TotalMinutes).ToList();
        Assert.All(gaps, g => Assert.InRange(g, 7.5, 22.5));
        Assert.True(gaps.Distinct().Count() > 150);
        Assert.Null((schedule with { AverageInterval = TimeSpan.Zero }).Next(Start, random));
        Assert.Null((schedule with { Enabled = false }).Next(Start, random));
        Assert.Equal(Window, (schedule with { AverageInterval = TimeSpan.FromSeconds(10) }).Next(Start, random) - Start);
    }
}
