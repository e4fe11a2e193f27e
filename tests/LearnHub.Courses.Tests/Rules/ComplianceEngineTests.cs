using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;

namespace LearnHub.Courses.Tests.Rules;

/// <summary>Every rule of both presets against hand-made ledgers, at the edges the policy cares about.</summary>
public sealed class ComplianceEngineTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly RuleSet Provincial = RulePresets.Create(RulePreset.Provincial, 2026);
    private static readonly RuleSet National = RulePresets.Create(RulePreset.National, 2026);
    private long _nextId = 1;

    private static PersonStanding Standing(params (PositionKind Kind, DateOnly AppointedOn)[] positions) =>
        new(TierRules.Derive(positions.Select(p => p.Kind)), positions);

    private static readonly PersonStanding Secretary = Standing((PositionKind.Secretary, new DateOnly(2020, 5, 1)));
    private static readonly PersonStanding Member = Standing((PositionKind.PartyMember, new DateOnly(2019, 7, 1)));
    private static readonly PersonStanding Leader = Standing((PositionKind.Leader, new DateOnly(2021, 3, 1)));
    private static readonly PersonStanding StaffOnly = Standing((PositionKind.Staff, new DateOnly(2022, 3, 1)));

    private LedgerLine Centralized(DateOnly date, decimal hours) => new(_nextId++, date, hours, LedgerSource.InPersonAttendance, true, null);

    private LedgerLine Online(DateOnly date, decimal hours) => new(_nextId++, date, hours, LedgerSource.CourseCompletion, false, null);

    private LedgerLine Reversal(LedgerLine original) => new(_nextId++, original.Date, -original.Hours, original.Source, original.Centralized, original.Id);

    private static RuleOutcome Outcome(RuleSet set, PersonStanding person, string code, IEnumerable<LedgerLine> lines, DateOnly? today = null) =>
        ComplianceEngine.Evaluate(set, person, TrainingTotals.From(lines, set.Year), today ?? Today).Single(o => o.Rule.Code == code);

    [Fact]
    public void Secretary_with_one_training_of_three_days_meets_the_annual_rule()
    {
        var outcome = Outcome(Provincial, Secretary, "secretary-annual", [Centralized(new(2026, 4, 10), 22.5m)]);
        Assert.Equal(ComplianceStatus.Met, outcome.Status);
        Assert.Null(outcome.Deadline);
    }

    [Fact]
    public void Two_point_nine_days_is_short_of_three_and_three_point_zero_is_enough()
    {
        var short1 = Outcome(Provincial, Secretary, "secretary-annual", [Centralized(new(2026, 4, 10), 21.75m)]);
        Assert.Equal(ComplianceStatus.Due, short1.Status);
        var days = short1.Measures.Single(m => m.Kind == MeasureKind.Days);
        Assert.Equal(2.9m, days.Have);
        Assert.Equal(0.1m, days.Missing);

        var enough = Outcome(Provincial, Secretary, "secretary-annual", [Centralized(new(2026, 4, 10), 15m), Centralized(new(2026, 9, 1), 7.5m)]);
        Assert.Equal(ComplianceStatus.Met, enough.Status);
        Assert.Equal(3.0m, enough.Measures.Single(m => m.Kind == MeasureKind.Days).Have);
    }

    [Fact]
    public void Days_follow_the_hours_per_day_setting()
    {
        var set = RulePresets.Create(RulePreset.Provincial, 2026);
        set.HoursPerDay = 8m;
        var outcome = Outcome(set, Secretary, "secretary-annual", [Centralized(new(2026, 4, 10), 22.5m)]);
        Assert.Equal(ComplianceStatus.Due, outcome.Status);
        Assert.Equal(22.5m / 8m, outcome.Measures.Single(m => m.Kind == MeasureKind.Days).Have);
    }

    [Fact]
    public void Online_hours_do_not_count_as_centralized_days()
    {
        var outcome = Outcome(Provincial, Secretary, "secretary-annual", [Centralized(new(2026, 4, 10), 7.5m), Online(new(2026, 5, 1), 30m)]);
        Assert.Equal(ComplianceStatus.Due, outcome.Status);
        Assert.Equal(1m, outcome.Measures.Single(m => m.Kind == MeasureKind.Days).Have);
    }

    [Fact]
    public void Annual_rule_is_due_until_the_year_ends_and_not_met_after()
    {
        LedgerLine[] lines = [Centralized(new(2026, 4, 10), 7.5m)];
        var during = Outcome(Provincial, Member, "member-annual", lines);
        Assert.Equal(ComplianceStatus.Due, during.Status);
        Assert.Equal(new DateOnly(2026, 12, 31), during.Deadline);
        Assert.Equal(ComplianceStatus.Due, Outcome(Provincial, Member, "member-annual", lines, new DateOnly(2026, 12, 31)).Status);
        var after = Outcome(Provincial, Member, "member-annual", lines, new DateOnly(2027, 1, 1));
        Assert.Equal(ComplianceStatus.NotMet, after.Status);
        var trainings = after.Measures.Single();
        Assert.Equal((1m, 2m, 1m), (trainings.Have, trainings.Need, trainings.Missing));
    }

    [Fact]
    public void Entries_on_31_December_and_1_January_fall_in_their_own_years()
    {
        LedgerLine[] lines = [Centralized(new(2025, 12, 31), 7.5m), Centralized(new(2026, 1, 1), 7.5m), Centralized(new(2026, 12, 31), 7.5m), Centralized(new(2027, 1, 1), 7.5m)];
        var totals = TrainingTotals.From(lines, 2026);
        Assert.Equal(2, totals.CentralizedTrainings);
        Assert.Equal(15m, totals.CentralizedHours);
        Assert.Equal(ComplianceStatus.Met, Outcome(Provincial, Member, "member-annual", lines).Status);

        var only2025 = Outcome(Provincial, Member, "member-annual", [Centralized(new(2025, 12, 31), 7.5m), Centralized(new(2027, 1, 1), 7.5m)], new DateOnly(2027, 2, 1));
        Assert.Equal(ComplianceStatus.NotMet, only2025.Status);
        Assert.Equal(0m, only2025.Measures.Single().Have);
    }

    [Fact]
    public void A_reversed_credit_counts_neither_as_training_nor_as_hours()
    {
        var first = Centralized(new(2026, 3, 1), 7.5m);
        var second = Centralized(new(2026, 6, 1), 7.5m);
        LedgerLine[] lines = [first, second, Reversal(second)];
        var totals = TrainingTotals.From(lines, 2026);
        Assert.Equal(1, totals.CentralizedTrainings);
        Assert.Equal(7.5m, totals.CentralizedHours);
        Assert.Equal(7.5m, totals.TotalHours);
        Assert.Equal(ComplianceStatus.Due, Outcome(Provincial, Member, "member-annual", lines).Status);
    }

    [Fact]
    public void A_negative_manual_adjustment_reduces_hours_but_is_not_a_training()
    {
        var adjustment = new LedgerLine(_nextId++, new DateOnly(2026, 5, 1), -2m, LedgerSource.ManualAdjustment, false, null);
        var totals = TrainingTotals.From([Centralized(new(2026, 3, 1), 7.5m), adjustment], 2026);
        Assert.Equal(1, totals.CentralizedTrainings);
        Assert.Equal(5.5m, totals.TotalHours);
        Assert.Equal(-2m, totals.HoursBySource[LedgerSource.ManualAdjustment]);
    }

    [Fact]
    public void Member_needs_two_centralized_trainings()
    {
        Assert.Equal(ComplianceStatus.Due, Outcome(Provincial, Member, "member-annual", [Centralized(new(2026, 3, 1), 30m)]).Status);
        Assert.Equal(ComplianceStatus.Met, Outcome(Provincial, Member, "member-annual", [Centralized(new(2026, 3, 1), 1m), Centralized(new(2026, 7, 1), 1m)]).Status);
    }

    [Fact]
    public void Secretary_appointed_five_months_ago_is_due_for_training_with_the_deadline()
    {
        var appointed = Today.AddMonths(-5);
        var person = Standing((PositionKind.Secretary, appointed));
        var outcome = Outcome(Provincial, person, "new-secretary", []);
        Assert.Equal(ComplianceStatus.Due, outcome.Status);
        Assert.Equal(appointed.AddMonths(6), outcome.Deadline);
        Assert.Equal(appointed, outcome.AppointedOn);
    }

    [Fact]
    public void Secretary_appointed_seven_months_ago_and_trained_only_after_the_window_has_not_met_the_rule()
    {
        var person = Standing((PositionKind.Secretary, Today.AddMonths(-7)));
        Assert.Equal(ComplianceStatus.NotMet, Outcome(Provincial, person, "new-secretary", [Centralized(Today.AddDays(-10), 7.5m)]).Status);
    }

    [Fact]
    public void New_secretary_trained_inside_the_window_meets_it_even_across_the_new_year()
    {
        var person = Standing((PositionKind.Secretary, new DateOnly(2025, 9, 15)));
        var outcome = Outcome(Provincial, person, "new-secretary", [Centralized(new DateOnly(2026, 2, 20), 7.5m)]);
        Assert.Equal(ComplianceStatus.Met, outcome.Status);
        Assert.Equal(new DateOnly(2026, 3, 15), outcome.Deadline);
    }

    [Fact]
    public void A_closed_year_reads_the_same_on_every_later_day()
    {
        var lateAppointment = Standing((PositionKind.Secretary, new DateOnly(2026, 10, 15)));
        var earlyAppointment = Standing((PositionKind.Secretary, new DateOnly(2026, 3, 1)));
        LedgerLine[] trainedInFebruary = [Centralized(new DateOnly(2027, 2, 1), 7.5m)];
        foreach (var day in new DateOnly[] { new(2027, 1, 1), new(2027, 3, 1), new(2027, 6, 1), new(2028, 1, 1) })
        {
            Assert.Equal(ComplianceStatus.NotMet, Outcome(Provincial, Member, "member-annual", [], day).Status);
            // Appointed in October, untrained by 31 December: still in the window when the year closed, and so it stays;
            // training in February belongs to 2027, whose own report decides the appointment.
            var late = Outcome(Provincial, lateAppointment, "new-secretary", trainedInFebruary, day);
            Assert.Equal((ComplianceStatus.Due, new DateOnly(2027, 4, 15), 0m), (late.Status, late.Deadline, late.Measures[0].Have));
            // Appointed in March: the window closed within the year, untrained, so not met.
            Assert.Equal(ComplianceStatus.NotMet, Outcome(Provincial, earlyAppointment, "new-secretary", [], day).Status);
        }

        var next = ComplianceEngine.Evaluate(RulePresets.Create(RulePreset.Provincial, 2027), lateAppointment,
            TrainingTotals.From(trainedInFebruary, 2027), new DateOnly(2027, 3, 1)).Single(o => o.Rule.Code == "new-secretary");
        Assert.Equal(ComplianceStatus.Met, next.Status);
    }

    [Fact]
    public void New_secretary_rule_does_not_bind_a_secretary_appointed_years_ago_or_a_member()
    {
        Assert.DoesNotContain(ComplianceEngine.Evaluate(Provincial, Secretary, TrainingTotals.Empty, Today), o => o.Rule.Code == "new-secretary");
        Assert.DoesNotContain(ComplianceEngine.Evaluate(Provincial, Member, TrainingTotals.Empty, Today), o => o.Rule.Code == "new-secretary");
    }

    [Fact]
    public void Key_minority_rotation_binds_leaders_and_secretaries_only()
    {
        Assert.Equal(ComplianceStatus.Met, Outcome(Provincial, Leader, "key-minority", [Centralized(new(2026, 3, 1), 3m)]).Status);
        Assert.Equal(ComplianceStatus.Due, Outcome(Provincial, Leader, "key-minority", [Online(new(2026, 3, 1), 3m)]).Status);
        Assert.DoesNotContain(ComplianceEngine.Evaluate(Provincial, Member, TrainingTotals.Empty, Today), o => o.Rule.Code == "key-minority");
        Assert.Empty(ComplianceEngine.Evaluate(Provincial, StaffOnly, TrainingTotals.Empty, Today));
    }

    [Fact]
    public void A_person_in_several_tiers_is_bound_by_every_rule_of_each()
    {
        var person = Standing((PositionKind.Leader, new DateOnly(2021, 1, 1)), (PositionKind.Secretary, Today.AddMonths(-2)));
        Assert.Equal(Tier.Leaders | Tier.Secretaries | Tier.Members, person.Tiers);
        var outcomes = ComplianceEngine.Evaluate(Provincial, person, TrainingTotals.From([Centralized(Today.AddMonths(-1), 22.5m)], 2026), Today);
        Assert.Equal(["secretary-annual", "member-annual", "new-secretary", "key-minority"], outcomes.Select(o => o.Rule.Code));
        Assert.Equal([ComplianceStatus.Met, ComplianceStatus.Due, ComplianceStatus.Met, ComplianceStatus.Met], outcomes.Select(o => o.Status));
    }

    [Fact]
    public void National_members_need_thirty_two_centralized_hours()
    {
        Assert.Equal(ComplianceStatus.Due, Outcome(National, Member, "member-hours", [Centralized(new(2026, 3, 1), 31.75m), Online(new(2026, 4, 1), 20m)]).Status);
        Assert.Equal(ComplianceStatus.Met, Outcome(National, Member, "member-hours", [Centralized(new(2026, 3, 1), 24m), Centralized(new(2026, 6, 1), 8m)]).Status);
    }

    [Fact]
    public void National_secretaries_need_fifty_six_hours_and_one_centralized_training()
    {
        var onlineOnly = Outcome(National, Secretary, "secretary-hours", [Online(new(2026, 3, 1), 60m)], new DateOnly(2027, 1, 5));
        Assert.Equal(ComplianceStatus.NotMet, onlineOnly.Status);
        Assert.Equal(MeasureKind.CentralizedTrainings, Assert.Single(onlineOnly.Measures, m => !m.Met).Kind);
        Assert.Equal(ComplianceStatus.Met, Outcome(National, Secretary, "secretary-hours", [Online(new(2026, 3, 1), 48.5m), Centralized(new(2026, 5, 1), 7.5m)]).Status);
        var short1 = Outcome(National, Secretary, "secretary-hours", [Online(new(2026, 3, 1), 48.25m), Centralized(new(2026, 5, 1), 7.5m)]);
        Assert.Equal(0.25m, short1.Measures.Single(m => m.Kind == MeasureKind.TotalHours).Missing);
    }

    [Fact]
    public void National_preset_binds_secretaries_by_both_its_rules()
    {
        var codes = ComplianceEngine.Evaluate(National, Secretary, TrainingTotals.Empty, Today).Select(o => o.Rule.Code);
        Assert.Equal(["member-hours", "secretary-hours"], codes);
        Assert.Empty(ComplianceEngine.Evaluate(National, Leader, TrainingTotals.Empty, Today));
    }

    [Theory]
    [InlineData(0, false, 0)]
    [InlineData(10, false, 0.25)]
    [InlineData(15, false, 0.25)]
    [InlineData(16, false, 0.5)]
    [InlineData(29, false, 0.5)]
    [InlineData(30, false, 1)]
    [InlineData(95, false, 1)]
    [InlineData(30, true, 1.5)]
    [InlineData(12, true, 0.75)]
    public void Online_course_minutes_convert_to_credit_hours(int minutes, bool passedTest, double hours) =>
        Assert.Equal((decimal)hours, new OnlineCreditSettings().HoursFor(minutes, passedTest));

    [Fact]
    public void Online_conversion_is_a_setting()
    {
        var settings = new OnlineCreditSettings { LongMinutes = 45, LongHours = 2m };
        Assert.Equal(0.5m, settings.HoursFor(40, false));
        Assert.Equal(2m, settings.HoursFor(45, false));
    }
}
