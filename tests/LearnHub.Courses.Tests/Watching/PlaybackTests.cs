using LearnHub.Courses.Learning.Watching;

namespace LearnHub.Courses.Tests.Watching;

/// <summary>
/// Each rule that keeps watching honest, one at a time, on the domain alone. The rules of crediting
/// are tested without delivery evidence (every claimed stretch counts as delivered); the evidence
/// rule has tests of its own below.
/// </summary>
public sealed class PlaybackTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly WatchingRules _rules = new() { RequireDeliveryEvidence = false };
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

    /// <summary>Plays on at real time, reporting every 12 s, until a check is put or <paramref name="until"/> passes.</summary>
    private static (AttentionCheck? Check, double At) PlayUntilCheck(Playback playback, WatchingRules rules, Random random, double at = 0, double until = 900)
    {
        while (at < until)
        {
            var from = at;
            at += 12;
            if (playback.Report([new PlayedSegment(from, at)], true, Start.AddSeconds(at), rules, random).Check is { } check)
            {
                return (check, at);
            }
        }

        return (null, at);
    }

    private static string Wrong(AttentionCheck check) => ((int.Parse(check.Code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 10_000).ToString("D4",
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Long_videos_get_an_attention_check_that_pauses_crediting_until_answered()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 3600), Start, rules, _random);
        var (check, at) = PlayUntilCheck(playback, rules, _random);

        Assert.NotNull(check);
        Assert.InRange(at, 42, 90);
        Assert.Matches("^[0-9]{4}$", check.Code);
        var covered = playback.Watch.Coverage.CoveredSeconds;

        var ignored = playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 12), rules, _random);
        Assert.Equal(ReportStatus.CheckPending, ignored.Status);
        Assert.Equal(0, ignored.CreditedSeconds);
        Assert.Equal(covered, playback.Watch.Coverage.CoveredSeconds);

        Assert.Equal(AnswerResult.Wrong, playback.Answer(check.Id, Wrong(check), Start.AddSeconds(at + 20), rules, _random));
        Assert.Equal(AnswerResult.Unknown, playback.Answer(Guid.NewGuid(), check.Code, Start.AddSeconds(at + 20), rules, _random));
        Assert.Equal(AnswerResult.Accepted, playback.Answer(check.Id, check.Code, Start.AddSeconds(at + 30), rules, _random));
        Assert.Equal(CheckOutcome.Passed, check.Outcome);

        var resumed = playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 42), rules, _random);
        Assert.Equal(ReportStatus.Counted, resumed.Status);
        Assert.Equal(12, resumed.CreditedSeconds, 3);
    }

    [Fact]
    public void Short_videos_never_get_an_attention_check()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 1000), Start, rules, _random);
        Assert.Null(playback.Watch.CheckDueAt);
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
        var (check, at) = PlayUntilCheck(playback, rules, _random);

        Assert.Equal(AnswerResult.Accepted, playback.Answer(check!.Id, check.Code, Start.AddSeconds(at + 600), rules, _random));
        var outcome = playback.Report([new PlayedSegment(1000, 1600)], true, Start.AddSeconds(at + 610), rules, _random);

        Assert.Equal(15, outcome.CreditedSeconds, 3);
    }

    [Fact]
    public void One_late_report_is_credited_only_up_to_the_moment_the_check_fell_due()
    {
        // The scripted attack: start a 21-minute lesson, say nothing for 14 minutes, then claim all of it.
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 1260, restrict: false), Start, _rules, _random);
        var due = playback.Watch.CheckDueAt!.Value;
        Assert.InRange((due - Start).TotalSeconds, 420, 780);

        var outcome = playback.Report([new PlayedSegment(0, 1260)], true, Start.AddSeconds(840), _rules, _random);

        Assert.Equal(Math.Min(1260, (due - Start).TotalSeconds * _rules.MaxRate), outcome.CreditedSeconds, 1);
        Assert.Equal(ReportStatus.CheckPending, outcome.Status);
        Assert.NotNull(outcome.Check);
        Assert.Equal(due, outcome.Check.IssuedAt);
    }

    [Fact]
    public void A_check_falls_due_on_the_servers_clock_while_the_player_says_nothing()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 3600), Start, rules, _random);

        // Paused (nothing played) well past the due time: the first report meets the check.
        var outcome = playback.Report([], true, Start.AddSeconds(300), rules, _random);

        Assert.Equal(ReportStatus.CheckPending, outcome.Status);
        Assert.NotNull(outcome.Check);
        Assert.True(outcome.Check.IssuedAt < Start.AddSeconds(100));
    }

    [Fact]
    public void Wrong_answers_end_the_check_as_missed_and_nothing_is_credited_until_a_new_check_is_passed()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60, MaxWrongAnswers = 3, MissedCheckPauseSeconds = 60 };
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 3600), Start, rules, _random);
        var (check, at) = PlayUntilCheck(playback, rules, _random);
        var covered = playback.Watch.Coverage.CoveredSeconds;

        Assert.Equal(AnswerResult.Wrong, playback.Answer(check!.Id, Wrong(check), Start.AddSeconds(at + 1), rules, _random));
        Assert.Equal(AnswerResult.Wrong, playback.Answer(check.Id, "", Start.AddSeconds(at + 2), rules, _random));
        Assert.Equal(AnswerResult.Missed, playback.Answer(check.Id, Wrong(check), Start.AddSeconds(at + 3), rules, _random));
        Assert.Equal(CheckOutcome.Missed, check.Outcome);
        // Guessing on after the miss does not reopen it.
        Assert.Equal(AnswerResult.Unknown, playback.Answer(check.Id, check.Code, Start.AddSeconds(at + 4), rules, _random));

        var held = playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 15), rules, _random);
        Assert.Equal(ReportStatus.CheckPending, held.Status);
        Assert.Null(held.Check);
        Assert.Equal(Start.AddSeconds(at + 63), held.NextCheckAt);
        Assert.Equal(0, held.CreditedSeconds);

        var next = playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 70), rules, _random);
        Assert.Equal(0, next.CreditedSeconds);
        Assert.NotNull(next.Check);
        Assert.NotEqual(check.Id, next.Check.Id);
        Assert.Equal(covered, playback.Watch.Coverage.CoveredSeconds);

        Assert.Equal(AnswerResult.Accepted, playback.Answer(next.Check.Id, next.Check.Code, Start.AddSeconds(at + 75), rules, _random));
        Assert.Equal(12, playback.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 87), rules, _random).CreditedSeconds, 3);
    }

    [Fact]
    public void Starting_the_lesson_again_does_not_skip_an_open_check()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 60 };
        var watch = Watch(duration: 3600);
        var first = new Playback(Guid.NewGuid(), watch, Start, rules, _random);
        var (check, at) = PlayUntilCheck(first, rules, _random);
        first.Supersede();

        var second = new Playback(Guid.NewGuid(), watch, Start.AddSeconds(at + 5), rules, _random);
        var outcome = second.Report([new PlayedSegment(at, at + 12)], true, Start.AddSeconds(at + 17), rules, _random);

        Assert.Equal(ReportStatus.CheckPending, outcome.Status);
        Assert.Equal(check!.Id, outcome.Check!.Id);
        Assert.Equal(second.Id, check.PlaybackId);
        Assert.Equal(AnswerResult.Accepted, second.Answer(check.Id, check.Code, Start.AddSeconds(at + 20), rules, _random));
    }

    [Fact]
    public void Coming_back_later_keeps_the_unchecked_credit_so_the_next_check_comes_soon()
    {
        var rules = _rules with { AttentionCheckIntervalSeconds = 600 };
        var watch = new LessonWatch(1, 2, 3, 3600, true, Coverage.Parse("0-900"), null, uncheckedSeconds: 900);

        var playback = new Playback(Guid.NewGuid(), watch, Start, rules, _random);

        Assert.Equal(Start.AddSeconds(rules.AttentionCheckMinLeadSeconds), playback.Watch.CheckDueAt);
    }

    [Fact]
    public void Without_delivered_media_a_claim_earns_nothing()
    {
        var rules = new WatchingRules();
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 1260, restrict: false), Start, rules, _random);

        var outcome = playback.Report([new PlayedSegment(0, 12)], true, Start.AddSeconds(12), rules, _random);

        Assert.Equal(0, outcome.CreditedSeconds);
        Assert.True(outcome.Undelivered);
    }

    [Fact]
    public void Media_delivered_ahead_of_playing_is_credited_as_it_is_played()
    {
        var rules = new WatchingRules();
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 600), Start, rules, _random);
        // A player buffering ahead: 4 s segments fetched up to 30 s before they are played.
        for (var segment = 0; segment < 10; segment++)
        {
            playback.Deliver(segment * 4, (segment + 1) * 4, Start.AddSeconds(Math.Max(0, (segment * 4) - 30) + 0.2));
        }

        var first = playback.Report([new PlayedSegment(0, 12)], true, Start.AddSeconds(12.5), rules, _random);
        var second = playback.Report([new PlayedSegment(12, 24)], true, Start.AddSeconds(24.5), rules, _random);
        var beyond = playback.Report([new PlayedSegment(24, 48)], true, Start.AddSeconds(48.5), rules, _random);

        Assert.Equal(12, first.CreditedSeconds, 1);
        Assert.Equal(12, second.CreditedSeconds, 1);
        Assert.False(second.Undelivered);
        // Only 40 s were delivered: the claim past them earns nothing.
        Assert.Equal(16, beyond.CreditedSeconds, 1);
        Assert.True(beyond.Undelivered);
    }

    [Fact]
    public void Media_fetched_after_the_fact_earns_only_what_could_have_been_played_since()
    {
        var rules = new WatchingRules();
        var playback = new Playback(Guid.NewGuid(), Watch(duration: 1260, restrict: false), Start, rules, _random);
        // Idle for 500 s, then every segment fetched at once, and the whole lesson claimed 5 s later.
        for (var segment = 0; segment < 315; segment++)
        {
            playback.Deliver(segment * 4, (segment + 1) * 4, Start.AddSeconds(500));
        }

        var outcome = playback.Report([new PlayedSegment(0, 1260)], true, Start.AddSeconds(505), rules, _random);

        // 5 s since the fetch × 1.5: the last 7.5 s could have been played, nothing before them.
        Assert.Equal(7.5, outcome.CreditedSeconds, 1);
        Assert.True(outcome.Undelivered);
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
