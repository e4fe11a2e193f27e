using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Compliance.Assignments;

/// <summary>What put an item of work on a person.</summary>
public enum AssignmentSource
{
    /// <summary>A required course of one of the person's tiers' curricula.</summary>
    Curriculum = 1,
    /// <summary>A lifecycle event of the person's organization (the leaders' course set).</summary>
    Lifecycle = 2,
    /// <summary>A lecture-hall session aimed at the person's tier or organization.</summary>
    LectureHall = 3,
    /// <summary>A supervisor or administrator chose the person.</summary>
    Supervisor = 4,
}

public enum AssignmentState
{
    NotStarted = 0,
    InProgress = 1,
    Done = 2,
    /// <summary>A course past its due date and not done: it can still be done late.</summary>
    Overdue = 3,
    /// <summary>A lecture-hall session that took place without the person (已错过): it cannot be done any more.</summary>
    Missed = 4,
}

public enum PlanItemKind
{
    Course = 1,
    Session = 2,
}

/// <summary>A position held from one day to another (open-ended while still held).</summary>
public sealed record PositionSpan(PositionKind Kind, DateOnly From, DateOnly? To);

/// <summary>
/// One source's demand: "take this course (or attend this session) by this date". A demand for a tier
/// applies only while the person is in that tier; <see cref="CountsFrom"/> says from when a completion
/// satisfies it (this year's curriculum is not met by a course taken three years ago).
/// </summary>
public sealed record Demand(AssignmentSource Source, PlanItemKind Kind, int TargetId, DateOnly DueOn, DateOnly CountsFrom,
    Tier? ForTier = null, string Reference = "");

/// <summary>An elective pool of a curriculum: courses and the hours a person must complete among them.</summary>
public sealed record PoolDemand(Tier Tier, string Title, decimal HourTarget, IReadOnlyDictionary<int, decimal> CourseHours, DateOnly CountsFrom);

/// <summary>What the person has done: completed courses (with the day), courses started, sessions attended.</summary>
public sealed record LearningFacts(
    IReadOnlyDictionary<int, DateOnly> CourseCompletions,
    IReadOnlySet<int> CoursesStarted,
    IReadOnlySet<int> SessionsAttended);

/// <summary>
/// One line of a person's plan: the union of every source that asks for the same thing. <see cref="Tiers"/>
/// are the tiers whose curricula ask for it (none when only other sources do).
/// </summary>
public sealed record PlanItem(PlanItemKind Kind, int TargetId, IReadOnlyList<AssignmentSource> Sources, IReadOnlyList<string> References,
    DateOnly DueOn, AssignmentState State, DateOnly? DoneOn, Tier Tiers = Tier.None);

public sealed record PoolProgress(Tier Tier, string Title, decimal HourTarget, decimal HoursDone)
{
    public bool Met => HoursDone >= HourTarget;
}

/// <summary>
/// How many of a plan's items are in each state, counted once on the <see cref="Plan"/>: the numbers the trainee's
/// page, the supervisor's pages, the exports and the API all show. <see cref="Open"/> is what can still be done in
/// time (not started or in progress).
/// </summary>
public sealed record PlanCounts(int Total, int Done, int Open, int Overdue, int Missed)
{
    /// <summary>Past its date and not done: overdue courses and missed sessions.</summary>
    public int NotMet => Overdue + Missed;

    public static PlanCounts Of(IReadOnlyCollection<PlanItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new PlanCounts(items.Count, items.Count(i => i.State == AssignmentState.Done),
            items.Count(i => i.State is AssignmentState.NotStarted or AssignmentState.InProgress),
            items.Count(i => i.State == AssignmentState.Overdue), items.Count(i => i.State == AssignmentState.Missed));
    }
}

public sealed record Plan(int Year, IReadOnlyList<PlanItem> Items, IReadOnlyList<PoolProgress> Pools)
{
    /// <summary>The plan's counts, computed once.</summary>
    public PlanCounts Counts { get; } = PlanCounts.Of(Items);

    /// <summary>The items in one state or several, in the plan's order.</summary>
    public IReadOnlyList<PlanItem> InState(params AssignmentState[] states) => [.. Items.Where(i => states.Contains(i.State))];


    /// <summary>
    /// Whether the curriculum of a tier is complete: every course it requires done and every pool's hours met.
    /// </summary>
    public bool CurriculumComplete(Tier tier) =>
        Items.Where(i => i.Tiers.HasFlag(tier) && i.Sources.Contains(AssignmentSource.Curriculum)).All(i => i.State == AssignmentState.Done)
        && Pools.Where(p => p.Tier == tier).All(p => p.Met);

    /// <summary>
    /// The overdue items first, then what is open; what to do next is the first of them. A missed session is not
    /// among them: it cannot be attended any more (its replacement is shown beside it).
    /// </summary>
    public IEnumerable<PlanItem> Open => Items.Where(i => i.State is not (AssignmentState.Done or AssignmentState.Missed));
}

/// <summary>
/// Builds a person's plan for a year from every source of work. Pure: the caller gathers demands and
/// facts from the database, so the rules (union, tiers over time, states) are tested without one.
/// </summary>
public static class PlanBuilder
{
    public static Plan Build(int year, IReadOnlyList<PositionSpan> positions, IEnumerable<Demand> demands,
        IEnumerable<PoolDemand> pools, LearningFacts facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(demands);
        ArgumentNullException.ThrowIfNull(pools);
        ArgumentNullException.ThrowIfNull(facts);
        var yearEnd = new DateOnly(year, 12, 31);
        // The tiers that count are those held on the plan's reference day: today within the year,
        // or the last day of a past year; a tier left earlier drops its open work from that day.
        var referenceDay = today < yearEnd ? today : yearEnd;
        var current = TiersOn(positions, referenceDay);
        var everInYear = TiersDuring(positions, new DateOnly(year, 1, 1), yearEnd);

        var items = demands
            .Where(d => d.ForTier is not { } tier || current.HasFlag(tier) || (everInYear.HasFlag(tier) && IsDone(d, facts)))
            .GroupBy(d => (d.Kind, d.TargetId))
            .Select(g => Item(g.ToList(), facts, today))
            .OrderBy(i => i.State switch
            {
                AssignmentState.Overdue => 0, AssignmentState.InProgress => 1, AssignmentState.NotStarted => 2, AssignmentState.Missed => 3, _ => 4,
            })
            .ThenBy(i => i.DueOn)
            .ThenBy(i => i.TargetId)
            .ToList();

        var poolProgress = pools
            .Where(p => current.HasFlag(p.Tier))
            .Select(p => new PoolProgress(p.Tier, p.Title, p.HourTarget, p.CourseHours
                .Where(c => facts.CourseCompletions.TryGetValue(c.Key, out var on) && on >= p.CountsFrom && on <= yearEnd)
                .Sum(c => c.Value)))
            .ToList();
        return new Plan(year, items, poolProgress);
    }

    /// <summary>The tiers a person is in on a day, from the positions held that day.</summary>
    public static Tier TiersOn(IEnumerable<PositionSpan> positions, DateOnly day) =>
        TierRules.Derive(positions.Where(p => p.From <= day && (p.To is null || p.To >= day)).Select(p => p.Kind));

    private static Tier TiersDuring(IEnumerable<PositionSpan> positions, DateOnly from, DateOnly to) =>
        TierRules.Derive(positions.Where(p => p.From <= to && (p.To is null || p.To >= from)).Select(p => p.Kind));

    private static bool IsDone(Demand demand, LearningFacts facts) => demand.Kind switch
    {
        PlanItemKind.Course => facts.CourseCompletions.TryGetValue(demand.TargetId, out var on) && on >= demand.CountsFrom,
        _ => facts.SessionsAttended.Contains(demand.TargetId),
    };

    private static PlanItem Item(List<Demand> demands, LearningFacts facts, DateOnly today)
    {
        var first = demands[0];
        var due = demands.Min(d => d.DueOn);
        var countsFrom = demands.Min(d => d.CountsFrom);
        DateOnly? doneOn = null;
        var started = false;
        if (first.Kind == PlanItemKind.Course)
        {
            if (facts.CourseCompletions.TryGetValue(first.TargetId, out var on) && on >= countsFrom)
            {
                doneOn = on;
            }

            started = facts.CoursesStarted.Contains(first.TargetId);
        }
        else if (facts.SessionsAttended.Contains(first.TargetId))
        {
            doneOn = due;
        }

        // A session that has taken place without the person is missed, not overdue: nobody can attend it late.
        var state = doneOn is not null ? AssignmentState.Done
            : today > due && first.Kind == PlanItemKind.Session ? AssignmentState.Missed
            : today > due ? AssignmentState.Overdue
            : started ? AssignmentState.InProgress
            : AssignmentState.NotStarted;
        return new PlanItem(first.Kind, first.TargetId, demands.Select(d => d.Source).Distinct().Order().ToList(),
            demands.Select(d => d.Reference).Where(r => r.Length > 0).Distinct().ToList(), due, state, doneOn,
            demands.Where(d => d.Source == AssignmentSource.Curriculum && d.ForTier is not null).Aggregate(Tier.None, (tiers, d) => tiers | d.ForTier!.Value));
    }
}
