using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Compliance.Rules;

public enum ComplianceStatus
{
    Met = 1,
    /// <summary>Not met yet, but the deadline has not passed.</summary>
    Due = 2,
    NotMet = 3,
}

/// <summary>What a rule measures, for the reason shown beside a status.</summary>
public enum MeasureKind
{
    CentralizedTrainings = 1,
    Days = 2,
    CentralizedHours = 3,
    TotalHours = 4,
    /// <summary>Curricula complete out of the curricula that apply.</summary>
    Curricula = 5,
}

/// <summary>One threshold of a rule and how far a person is: "1 of 2 centralized trainings".</summary>
public sealed record Measure(MeasureKind Kind, decimal Have, decimal Need)
{
    public bool Met => Have >= Need;

    public decimal Missing => Met ? 0 : Need - Have;
}

/// <summary>A rule evaluated for one person. <see cref="AppointedOn"/> is set for the new-secretary rule.</summary>
public sealed record RuleOutcome(ComplianceRule Rule, ComplianceStatus Status, DateOnly? Deadline, IReadOnlyList<Measure> Measures,
    DateOnly? AppointedOn = null);

/// <summary>
/// Who the person is, as far as the rules care. <see cref="CurriculumTiers"/> are the person's tiers that have a
/// curriculum in the year, <see cref="CompleteCurricula"/> those whose curriculum the person has completed.
/// </summary>
public sealed record PersonStanding(Tier Tiers, IReadOnlyList<(PositionKind Kind, DateOnly AppointedOn)> Positions,
    Tier CurriculumTiers = Tier.None, Tier CompleteCurricula = Tier.None);

/// <summary>A ledger line as the engine needs it; reversals carry <see cref="ReversesEntryId"/>.</summary>
public sealed record LedgerLine(long Id, DateOnly Date, decimal Hours, LedgerSource Source, bool Centralized, long? ReversesEntryId);

/// <summary>
/// A person's net training in a year: reversals cancel what they reverse, so a reversed credit
/// counts neither its hours nor as a centralized training. <see cref="CentralizedDates"/> may reach
/// outside the year (the new-secretary window starts before it).
/// </summary>
public sealed record TrainingTotals(decimal TotalHours, decimal CentralizedHours, int CentralizedTrainings,
    IReadOnlyDictionary<LedgerSource, decimal> HoursBySource, IReadOnlyList<DateOnly> CentralizedDates)
{
    public static readonly TrainingTotals Empty = new(0, 0, 0, new Dictionary<LedgerSource, decimal>(), []);

    /// <summary>Nets the lines and totals those dated in <paramref name="year"/>.</summary>
    public static TrainingTotals From(IEnumerable<LedgerLine> lines, int year)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var all = lines.ToList();
        var reversed = all.Where(l => l.ReversesEntryId is not null).Select(l => l.ReversesEntryId!.Value).ToHashSet();
        var inYear = all.Where(l => l.Date.Year == year).ToList();
        var bySource = inYear.GroupBy(l => l.Source).ToDictionary(g => g.Key, g => g.Sum(l => l.Hours));
        // A centralized training is a positive credit that has not been reversed.
        var trainings = all.Where(l => l.Centralized && l.ReversesEntryId is null && l.Hours > 0 && !reversed.Contains(l.Id)).ToList();
        return new TrainingTotals(
            inYear.Sum(l => l.Hours),
            inYear.Where(l => l.Centralized).Sum(l => l.Hours),
            trainings.Count(l => l.Date.Year == year),
            bySource,
            trainings.Select(l => l.Date).Order().ToList());
    }
}

/// <summary>
/// Applies a year's rule set to a person: pure, so reports can run it over aggregates fetched in
/// bulk and tests can pin every edge. Annual rules are due until 31 December and not met after it.
/// A year whose 31 December has passed is closed: it is judged as it stood at its end, on training
/// dated within it, so last year reads the same on 1 January as on any later day.
/// </summary>
public static class ComplianceEngine
{
    public static bool AppliesTo(ComplianceRule rule, PersonStanding person, int year, DateOnly today) =>
        rule.Kind switch
        {
            RuleKind.NewSecretary => NewAppointment(rule, person, year, today) is not null,
            RuleKind.CurriculumComplete => (rule.Tiers & person.CurriculumTiers) != 0,
            _ => (rule.Tiers & person.Tiers) != 0,
        };

    public static IReadOnlyList<RuleOutcome> Evaluate(RuleSet set, PersonStanding person, TrainingTotals totals, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(totals);
        var outcomes = new List<RuleOutcome>();
        var asOf = JudgedOn(set.Year, today);
        foreach (var rule in set.Rules.OrderBy(r => r.Order))
        {
            var outcome = rule.Kind switch
            {
                RuleKind.NewSecretary => EvaluateNewSecretary(rule, person, totals, set.Year, today, asOf),
                RuleKind.CurriculumComplete => EvaluateCurricula(rule, person, set.Year, today),
                _ => (rule.Tiers & person.Tiers) != 0 ? EvaluateAnnual(rule, set, totals, today) : null,
            };
            if (outcome is not null)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    /// <summary>Days of centralized training: centralized hours over the hours a day counts for.</summary>
    public static decimal Days(decimal centralizedHours, decimal hoursPerDay) =>
        hoursPerDay <= 0 ? 0 : centralizedHours / hoursPerDay;

    /// <summary>Met when every applicable tier's curriculum is complete; due until the year ends.</summary>
    private static RuleOutcome? EvaluateCurricula(ComplianceRule rule, PersonStanding person, int year, DateOnly today)
    {
        var tiers = TierRules.Split(rule.Tiers & person.CurriculumTiers).ToList();
        if (tiers.Count == 0)
        {
            return null;
        }

        var measures = new[] { new Measure(MeasureKind.Curricula, tiers.Count(t => person.CompleteCurricula.HasFlag(t)), tiers.Count) };
        var yearEnd = new DateOnly(year, 12, 31);
        var status = measures[0].Met ? ComplianceStatus.Met : today <= yearEnd ? ComplianceStatus.Due : ComplianceStatus.NotMet;
        return new RuleOutcome(rule, status, status == ComplianceStatus.Met ? null : yearEnd, measures);
    }

    private static RuleOutcome EvaluateAnnual(ComplianceRule rule, RuleSet set, TrainingTotals totals, DateOnly today)
    {
        var measures = new List<Measure>();
        if (rule.MinCentralizedTrainings > 0)
        {
            measures.Add(new Measure(MeasureKind.CentralizedTrainings, totals.CentralizedTrainings, rule.MinCentralizedTrainings));
        }

        if (rule.MinDays > 0)
        {
            measures.Add(new Measure(MeasureKind.Days, Days(totals.CentralizedHours, set.HoursPerDay), rule.MinDays));
        }

        if (rule.MinCentralizedHours > 0)
        {
            measures.Add(new Measure(MeasureKind.CentralizedHours, totals.CentralizedHours, rule.MinCentralizedHours));
        }

        if (rule.MinTotalHours > 0)
        {
            measures.Add(new Measure(MeasureKind.TotalHours, totals.TotalHours, rule.MinTotalHours));
        }

        var yearEnd = new DateOnly(set.Year, 12, 31);
        var status = measures.All(m => m.Met) ? ComplianceStatus.Met
            : today <= yearEnd ? ComplianceStatus.Due
            : ComplianceStatus.NotMet;
        return new RuleOutcome(rule, status, status == ComplianceStatus.Met ? null : yearEnd, measures);
    }

    /// <summary>The day a year is judged on: today while the year runs, its 31 December once it has closed.</summary>
    public static DateOnly JudgedOn(int year, DateOnly today)
    {
        var yearEnd = new DateOnly(year, 12, 31);
        return today < yearEnd ? today : yearEnd;
    }

    private static RuleOutcome? EvaluateNewSecretary(ComplianceRule rule, PersonStanding person, TrainingTotals totals, int year, DateOnly today, DateOnly asOf)
    {
        if (NewAppointment(rule, person, year, asOf) is not { } appointedOn)
        {
            return null;
        }

        var deadline = appointedOn.AddMonths(rule.WindowMonths);
        var needed = Math.Max(1, rule.MinCentralizedTrainings);
        // Only training by the day the year is judged on: a closed year is not met afterwards by next year's training.
        var inWindow = totals.CentralizedDates.Count(d => d >= appointedOn && d <= deadline && d <= asOf);
        var measures = new[] { new Measure(MeasureKind.CentralizedTrainings, inWindow, needed) };
        var closed = today > new DateOnly(year, 12, 31);
        // A window still open when the year closed stays due in that year, with its deadline: the same appointment
        // binds the next year too, whose report decides it. Calling it not met would mark a secretary as failing who
        // still had time, and deciding it by today would change a closed year as the new one goes on.
        var status = inWindow >= needed ? ComplianceStatus.Met
            : closed ? (deadline > asOf ? ComplianceStatus.Due : ComplianceStatus.NotMet)
            : today <= deadline ? ComplianceStatus.Due
            : ComplianceStatus.NotMet;
        return new RuleOutcome(rule, status, deadline, measures, appointedOn);
    }

    /// <summary>
    /// The latest secretary appointment whose training window overlaps the year and has started by
    /// <paramref name="today"/>; null when the rule does not bind the person that year.
    /// </summary>
    private static DateOnly? NewAppointment(ComplianceRule rule, PersonStanding person, int year, DateOnly today)
    {
        if ((rule.Tiers & person.Tiers) == 0)
        {
            return null;
        }

        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        DateOnly? latest = null;
        foreach (var (kind, appointedOn) in person.Positions)
        {
            if (kind == PositionKind.Secretary && appointedOn <= yearEnd && appointedOn <= today &&
                appointedOn.AddMonths(rule.WindowMonths) >= yearStart && (latest is null || appointedOn > latest))
            {
                latest = appointedOn;
            }
        }

        return latest;
    }
}
