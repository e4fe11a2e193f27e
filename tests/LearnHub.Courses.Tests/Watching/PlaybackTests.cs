using LearnHub.Courses.Learning.Watching;

namespace LearnHub.Courses.Tests.Watching;

/// <summary>Each rule that keeps watching honest, one at a time, on the domain alone.</summary>
public sealed class PlaybackTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly WatchingRules _rules = new();
    private readonly Random _random = new(7);

    private static LessonWatch Watch(double duration = 600, bool restrict = true, DateTimeOffset? completedAt = null, string coverage = "") =>
        new(personId: 1, lessonId: 2, courseId: 3, duration, restrict, Coverage.Parse(coverage), completedAt);

    private Playback Playback(LessonWatch watch) => new(Guid.NewGuid(), watch, Start, _rules, _random);

    private ReportOutcome Report(Playback playback, double atSeconds, bool visible = true, params PlayedSegment[] segments) =>
        playback.Report(segments, visible, Start.AddSeconds(atSeconds), _rules, _random);

    [Fact]
    public void Real_time_playback_is_credited_in_full()
    {
        var playback = Playback(Watch());

        var first = Report(playback, 12, segments: new PlayedSegment(0, 12));
        var second = Report(playback, 24, segments: new PlayedSegment(12, 24));

        Assert.Equal(ReportStatus.Counted, second.Status);
        Assert.Equal(12, first.CreditedSeconds, 3);
        Assert.Equal(24, second.CoveredSeconds, 3);
        Assert.Equal(24, second.FurthestSeconds, 3);
    }

    [Fact]
    public void Credit_never_exceeds_wall_clock_time_the_max_rate()
    {
        var playback = Playback(Watch());

        // 10 s of wall clock, 60 s of media claimed: only 15 s (10 × 1.5) count.
        var outcome = Report(playback, 10, segments: new PlayedSegment(0, 60));

        Assert.True(outcome.OverRate);
        Assert.Equal(15, outcome.CreditedSeconds, 3);
        Assert.Equal(15, outcome.CoveredSeconds, 3);
    }

    [Fact]
    public void Playback_at_the_max_rate_is_credited_and_faster_earns_no_more()
    {
        var atRate = Playback(Watch());
        Assert.Equal(18, Report(atRate, 12, segments: new PlayedSegment(0, 18)).CreditedSeconds, 3);

        var twice = Playback(Watch());
        Assert.Equal(18, Report(twice, 12, segments: new PlayedSegment(0, 24)).CreditedSeconds, 3);
    }

    [Fact]
    public void A_report_delayed_on_the_way_does_not_cost_the_next_one()
    {
        var playback = Playback(Watch());

        // Played at 1.25× throughout; the report sent at 12 s arrives at 13 s and the one sent at
        // 13.2 s (the end of the clip) right behind it.
        var late = Report(playback, 13, segments: new PlayedSegment(0, 15));
        var next = Report(playback, 13.2, segments: new PlayedSegment(15, 16.5));

        Assert.Equal(15, late.CreditedSeconds, 3);
        Assert.Equal(16.5, next.CoveredSeconds, 3);
        Assert.False(next.OverRate);
    }

    [Fact]
    public void Unused_budget_carries_only_up_to_the_jitter_allowance_and_not_across_pauses()
    {
        var playback = Playback(Watch());

        // A short report leaves 18 − 3 = 15 s unused; only 2 s × 1.5 carry over.
        Report(playback, 12, segments: new PlayedSegment(0, 3));
        Assert.Equal(3 + 3, Report(playback, 14, segments: new PlayedSegment(3, 30)).CreditedSeconds, 3);

        // A report that credits nothing (paused) carries nothing.
        Report(playback, 26);
        Assert.Equal(3, Report(playback, 28, segments: new PlayedSegment(9, 30)).CreditedSeconds, 3);
    }

    [Fact]
    public void The_budget_is_shared_by_all_segments_of_a_report()
    {
        var playback = Playback(Watch(restrict: false));

        var outcome = Report(playback, 10, segments: [new PlayedSegment(0, 10), new PlayedSegment(100, 110)]);

        Assert.Equal(15, outcome.CreditedSeconds, 3);
        Assert.True(outcome.OverRate);
    }

    [Fact]
    public void Segments_played_while_hidden_earn_nothing()
    {
        var playback = Playback(Watch());

        var outcome = Report(playback, 12, segments: [new PlayedSegment(0, 5), new PlayedSegment(5, 12, Hidden: true)]);

        Assert.Equal(5, outcome.CreditedSeconds, 3);
        Assert.True(outcome.HiddenIgnored);
    }

    [Fact]
    public void After_a_report_saying_hidden_the_next_interval_earns_nothing_whatever_it_claims()
    {
        var playback = Playback(Watch());
        Report(playback, 12, visible: false, segments: new PlayedSegment(0, 12));

        var whileHidden = Report(playback, 24, segments: new PlayedSegment(12, 24));
        var visibleAgain = Report(playback, 36, segments: new PlayedSegment(12, 24));

        Assert.Equal(0, whileHidden.CreditedSeconds);
        Assert.True(whileHidden.HiddenIgnored);
        Assert.Equal(12, visibleAgain.CreditedSeconds, 3);
    }

    [Fact]
    public void On_a_first_viewing_a_jump_past_the_furthest_point_is_refused()
    {
        var playback = Playback(Watch());
        Report(playback, 12, segments: new PlayedSegment(0, 12));

        var jump = Report(playback, 24, segments: new PlayedSegment(300, 312));

        Assert.True(jump.SeekRejected);
        Assert.Equal(0, jump.CreditedSeconds);
        Assert.Equal(12, jump.FurthestSeconds, 3);
    }

    [Fact]
    public void A_small_overshoot_within_the_tolerance_and_seeking_back_are_allowed()
    {
        var playback = Playback(Watch());
        Report(playback, 12, segments: new PlayedSegment(0, 12));

        var jitter = Report(playback, 24, segments: new PlayedSegment(13.5, 24));
        var back = Report(playback, 36, segments: new PlayedSegment(0, 12));

        Assert.False(jitter.SeekRejected);
        Assert.Equal(10.5, jitter.CreditedSeconds, 3);
        Assert.False(back.SeekRejected);
        Assert.Equal(0, back.CreditedSeconds);
    }

    [Fact]
    public void Seeking_is_free_once_the_lesson_was_completed_or_when_the_course_allows_it()
    {
        var completed = Playback(Watch(completedAt: Start.AddDays(-1), coverage: "0-600"));
        var unrestricted = Playback(Watch(restrict: false));

        Assert.False(Report(completed, 12, segments: new PlayedSegment(300, 312)).SeekRejected);
        var outcome = Report(unrestricted, 12, segments: new PlayedSegment(300, 312));
        Assert.False(outcome.SeekRejected);
        Assert.Equal(12, outcome.CreditedSeconds, 3);
    }

    [Fact]
    public void Segments_are_clamped_to_the_media_and_nonsense_is_ignored()
    {
        var playback = Playback(Watch(duration: 20));

        var outcome = Report(playback, 30, segments: [new PlayedSegment(-5, 10), new PlayedSegment(double.NaN, 5), new PlayedSegment(15, 12),
            new PlayedSegment(10, 500)]);

        Assert.Equal(20, outcome.CoveredSeconds, 3);
        Assert.Equal(1, outcome.Ratio, 3);
        Assert.True(outcome.Covered);
    }

    [Fact]
    public void A_superseded_playback_earns_nothing_and_says_so()
    {
        var watch = Watch();
        var first = Playback(watch);
        Report(first, 12, segments: new PlayedSegment(0, 12));
        first.Supersede();

        var outcome = Report(first, 24, segments: new PlayedSegment(12, 24));

        Assert.Equal(ReportStatus.Superseded, outcome.Status);
        Assert.Equal(0, outcome.CreditedSeconds);
        Assert.Equal(12, watch.Coverage.CoveredSeconds, 3);
    }

    [Fact]
    public void Long_videos_get_an_attention_check_that_pauses_crediting_until_answered()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 3600), Start, rules, _random);
        AttentionCheck? check = null;
        var at = 0.0;
        while (check is null && at < 600)
        {
            var from = at;
            at += 12;
            check = playback.Report([new PlayedSegment(from, at)], true, Start.AddSeconds(at), rules, _random).Check;
        }

        Assert.NotNull(check);
        Assert.InRange(at, 42, 90);
        var covered = playback.Watch.Coverage.CoveredSeconds;

        var ignored = playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 12), rules, _random);
        Assert.Equal(ReportStatus.CheckPending, ignored.Status);
        Assert.Equal(0, ignored.CreditedSeconds);
        Assert.Equal(covered, playback.Watch.Coverage.CoveredSeconds);

        Assert.False(playback.Answer(check.Id, check.Number % 9 + 1, Start.AddSeconds(at + 20), rules, _random));
        Assert.False(playback.Answer(Guid.NewGuid(), check.Number, Start.AddSeconds(at + 20), rules, _random));
        Assert.True(playback.Answer(check.Id, check.Number, Start.AddSeconds(at + 30), rules, _random));

        var resumed = playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 42), rules, _random);
        Assert.Equal(ReportStatus.Counted, resumed.Status);
        Assert.Equal(12, resumed.CreditedSeconds, 3);
    }

    [Fact]
    public void Short_videos_never_get_an_attention_check()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 1000), Start, rules, _random);
        for (var at = 12.0; at <= 996; at += 12)
        {
            Assert.Null(playback.Report([new PlayedSegment(at - 12, at)], true, Start.AddSeconds(at), rules, _random).Check);
        }
    }

    [Fact]
    public void Time_spent_on_the_check_is_not_a_budget_for_the_next_report()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60, AttentionCheckMinDurationSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 3600, restrict: false), Start, rules, _random);
        AttentionCheck? check = null;
        var at = 0.0;
        while (check is null)
        {
            var from = at;
            at += 12;
            check = playback.Report([new PlayedSegment(from, at)], true, Start.AddSeconds(at), rules, _random).Check;
        }

        Assert.True(playback.Answer(check.Id, check.Number, Start.AddSeconds(at + 600), rules, _random));
        var outcome = playback.Report([new PlayedSegment(1000, 1600)], true, Start.AddSeconds(at + 610), rules, _random);

        Assert.Equal(15, outcome.CreditedSeconds, 3);
    }

    [Fact]
    public void Coverage_at_the_ratio_makes_the_lesson_covered()
    {
        var watch = Watch(duration: 100);
        var playback = Playback(watch);
        Report(playback, 70, segments: new PlayedSegment(0, 94));
        Assert.False(watch.IsCovered(_rules));

        var outcome = Report(playback, 80, segments: new PlayedSegment(94, 95));
        Assert.True(outcome.Covered);
        Assert.False(outcome.Completed);
    }
}
