using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Tests.Assignments;

public sealed class PlanBuilderTests
{
    private static readonly DateOnly YearStart = new(2026, 1, 1);
    private static readonly DateOnly YearEnd = new(2026, 12, 31);
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly PositionSpan[] Secretary = [new(PositionKind.Secretary, new DateOnly(2024, 3, 1), null)];

    private static LearningFacts Facts(Dictionary<int, DateOnly>? done = null, int[]? started = null, int[]? attended = null) =>
        new(done ?? [], new HashSet<int>(started ?? []), new HashSet<int>(attended ?? []));

    private static Demand Required(Tier tier, int courseId) =>
        new(AssignmentSource.Curriculum, PlanItemKind.Course, courseId, YearEnd, YearStart, tier, $"curriculum:{tier}");

    private static Plan Build(IReadOnlyList<PositionSpan> positions, IEnumerable<Demand> demands, LearningFacts facts, DateOnly? today = null,
        IEnumerable<PoolDemand>? pools = null) =>
        PlanBuilder.Build(2026, positions, demands, pools ?? [], facts, today ?? Today);

    [Fact]
    public void A_course_asked_for_by_two_tiers_and_a_supervisor_is_one_item_with_the_earliest_due_date()
    {
        var supervisor = new Demand(AssignmentSource.Supervisor, PlanItemKind.Course, 7, new DateOnly(2026, 12, 10), YearStart, null, "assignment:3");
        var plan = Build(Secretary, [Required(Tier.Secretaries, 7), Required(Tier.Members, 7), supervisor, Required(Tier.Members, 8)], Facts());

        Assert.Equal(2, plan.Items.Count);
        var item = plan.Items.Single(i => i.TargetId == 7);
        Assert.Equal([AssignmentSource.Curriculum, AssignmentSource.Supervisor], item.Sources);
        Assert.Equal(new DateOnly(2026, 12, 10), item.DueOn);
        Assert.Equal(["curriculum:Secretaries", "curriculum:Members", "assignment:3"], item.References);
    }

    [Fact]
    public void Demands_for_tiers_the_person_is_not_in_do_not_apply()
    {
        var plan = Build(Secretary, [Required(Tier.Leaders, 1), Required(Tier.Staff, 2), Required(Tier.Secretaries, 3)], Facts());
        Assert.Equal([3], plan.Items.Select(i => i.TargetId));
    }

    [Theory]
    [InlineData(false, false, "2026-11-23", AssignmentState.NotStarted)]
    [InlineData(true, false, "2026-11-23", AssignmentState.InProgress)]
    [InlineData(true, false, "2027-01-01", AssignmentState.Overdue)]
    [InlineData(false, false, "2027-01-01", AssignmentState.Overdue)]
    [InlineData(true, true, "2027-01-01", AssignmentState.Done)]
    public void States_follow_progress_and_the_due_date(bool started, bool completed, string today, AssignmentState expected)
    {
        var facts = Facts(completed ? new() { [3] = new DateOnly(2026, 12, 31) } : null, started ? [3] : null);
        var plan = Build(Secretary, [Required(Tier.Secretaries, 3)], facts, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, Assert.Single(plan.Items).State);
    }

    [Fact]
    public void Overdue_items_come_first_then_by_due_date_and_done_items_last()
    {
        var lifecycle = new Demand(AssignmentSource.Lifecycle, PlanItemKind.Course, 5, new DateOnly(2026, 8, 1), new DateOnly(2025, 8, 1), Tier.Secretaries);
        var session = new Demand(AssignmentSource.LectureHall, PlanItemKind.Session, 40, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 26));
        var plan = Build(Secretary, [Required(Tier.Secretaries, 1), Required(Tier.Secretaries, 2), lifecycle, session],
            Facts(new() { [2] = new DateOnly(2026, 4, 2) }));
        Assert.Equal([(PlanItemKind.Course, 5), (PlanItemKind.Session, 40), (PlanItemKind.Course, 1), (PlanItemKind.Course, 2)],
            plan.Items.Select(i => (i.Kind, i.TargetId)));
        Assert.Equal(AssignmentState.Overdue, plan.Items[0].State);
    }

    [Fact]
    public void A_session_is_done_when_attended_and_missed_once_it_has_passed_without_the_person()
    {
        var session = new Demand(AssignmentSource.LectureHall, PlanItemKind.Session, 40, new DateOnly(2026, 5, 14), new DateOnly(2026, 5, 14));
        Assert.Equal(AssignmentState.Done, Assert.Single(Build(Secretary, [session], Facts(attended: [40])).Items).State);
        Assert.Equal(AssignmentState.Missed, Assert.Single(Build(Secretary, [session], Facts()).Items).State);
        // On its day it can still be attended.
        Assert.Equal(AssignmentState.NotStarted, Assert.Single(Build(Secretary, [session], Facts(), new DateOnly(2026, 5, 14)).Items).State);
    }

    [Fact]
    public void The_plan_counts_each_state_once_and_a_missed_session_is_not_open_work()
    {
        var missed = new Demand(AssignmentSource.LectureHall, PlanItemKind.Session, 40, new DateOnly(2026, 5, 14), new DateOnly(2026, 5, 14));
        var coming = new Demand(AssignmentSource.LectureHall, PlanItemKind.Session, 41, new DateOnly(2026, 12, 14), new DateOnly(2026, 12, 14));
        var late = new Demand(AssignmentSource.Supervisor, PlanItemKind.Course, 5, new DateOnly(2026, 10, 1), YearStart);
        var plan = Build(Secretary, [Required(Tier.Secretaries, 1), Required(Tier.Secretaries, 2), late, missed, coming],
            Facts(new() { [2] = new DateOnly(2026, 4, 2) }, started: [1]));

        Assert.Equal(new PlanCounts(Total: 5, Done: 1, Open: 2, Overdue: 1, Missed: 1), plan.Counts);
        Assert.Equal(2, plan.Counts.NotMet);
        Assert.Equal([5, 1, 41, 40, 2], plan.Items.Select(i => i.TargetId));
        Assert.Equal([5, 1, 41], plan.Open.Select(i => i.TargetId));
        Assert.Equal([40], plan.InState(AssignmentState.Missed).Select(i => i.TargetId));
    }

    [Fact]
    public void Becoming_a_secretary_mid_year_adds_the_secretaries_curriculum()
    {
        PositionSpan[] member = [new(PositionKind.PartyMember, new DateOnly(2020, 1, 1), null)];
        PositionSpan[] promoted = [.. member, new(PositionKind.Secretary, new DateOnly(2026, 7, 1), null)];
        Demand[] demands = [Required(Tier.Secretaries, 1), Required(Tier.Members, 2)];

        Assert.Equal([2], Build(member, demands, Facts()).Items.Select(i => i.TargetId));
        Assert.Equal([1, 2], Build(promoted, demands, Facts()).Items.Select(i => i.TargetId).Order());
        // Before the appointment the tier did not apply yet.
        Assert.Equal([2], Build(promoted, demands, Facts(), new DateOnly(2026, 6, 30)).Items.Select(i => i.TargetId));
    }

    [Fact]
    public void Leaving_a_tier_drops_its_open_work_but_keeps_what_was_done()
    {
        PositionSpan[] former = [new(PositionKind.Secretary, new DateOnly(2023, 1, 1), new DateOnly(2026, 5, 31)), new(PositionKind.Staff, new DateOnly(2026, 6, 1), null)];
        var plan = Build(former, [Required(Tier.Secretaries, 1), Required(Tier.Secretaries, 2), Required(Tier.Staff, 9)],
            Facts(new() { [1] = new DateOnly(2026, 3, 10) }));
        Assert.Equal([(9, AssignmentState.NotStarted), (1, AssignmentState.Done)], plan.Items.Select(i => (i.TargetId, i.State)));
    }

    [Fact]
    public void Elective_pools_count_the_hours_of_courses_completed_this_year()
    {
        var pool = new PoolDemand(Tier.Secretaries, "理论与组织生活选修", 3m, new Dictionary<int, decimal> { [10] = 2m, [11] = 0.5m, [12] = 3m }, YearStart);
        var facts = Facts(new() { [10] = new DateOnly(2026, 2, 1), [11] = new DateOnly(2026, 9, 9), [12] = new DateOnly(2025, 12, 31) });
        var progress = Assert.Single(Build(Secretary, [], facts, pools: [pool]).Pools);
        Assert.Equal(2.5m, progress.HoursDone);
        Assert.False(progress.Met);

        facts = Facts(new() { [10] = new DateOnly(2026, 2, 1), [12] = new DateOnly(2026, 1, 1) });
        Assert.True(Assert.Single(Build(Secretary, [], facts, pools: [pool]).Pools).Met);
    }

    [Fact]
    public void A_new_year_does_not_count_last_years_completion_for_this_years_curriculum()
    {
        var lastYear = Facts(new() { [1] = new DateOnly(2025, 12, 31) });
        Assert.Equal(AssignmentState.NotStarted, Assert.Single(Build(Secretary, [Required(Tier.Secretaries, 1)], lastYear, new DateOnly(2026, 1, 1)).Items).State);

        // A lifecycle event that fell due last year stays overdue until it is done.
        var lifecycle = new Demand(AssignmentSource.Lifecycle, PlanItemKind.Course, 5, new DateOnly(2025, 11, 1), new DateOnly(2024, 11, 1), Tier.Secretaries);
        Assert.Equal(AssignmentState.Overdue, Assert.Single(Build(Secretary, [lifecycle], Facts(), new DateOnly(2026, 1, 2)).Items).State);
    }

    [Fact]
    public void A_past_year_is_judged_on_its_last_day()
    {
        PositionSpan[] former = [new(PositionKind.Secretary, new DateOnly(2023, 1, 1), new DateOnly(2027, 2, 1))];
        var plan = PlanBuilder.Build(2026, former, [Required(Tier.Secretaries, 1)], [], Facts(), new DateOnly(2027, 6, 1));
        Assert.Equal(AssignmentState.Overdue, Assert.Single(plan.Items).State);
    }
}
