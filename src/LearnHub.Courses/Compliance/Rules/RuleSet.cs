using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Compliance.Rules;

/// <summary>Which family of requirements a rule set follows.</summary>
public enum RulePreset
{
    /// <summary>The province's own rules (省级规定): counts of centralized trainings and days.</summary>
    Provincial = 1,
    /// <summary>The national rules some provinces apply instead (全国标准): hours a year.</summary>
    National = 2,
}

/// <summary>What a rule measures.</summary>
public enum RuleKind
{
    /// <summary>A yearly requirement: centralized trainings, days, centralized hours and/or total hours.</summary>
    Annual = 1,
    /// <summary>A newly appointed secretary (新任党组织书记) must attend a centralized training within a window after appointment.</summary>
    NewSecretary = 2,
    /// <summary>
    /// The year's curriculum of each of the person's tiers (within the rule's tiers) is complete: every
    /// required course done and every elective pool's hours met, as the person's plan shows.
    /// </summary>
    CurriculumComplete = 3,
}

/// <summary>
/// The training requirements (培训规则) of one year under one preset, with the settings that turn
/// training into hours. Exactly one rule set is active per year; reports evaluate against it.
/// </summary>
public sealed class RuleSet
{
    public int Id { get; set; }

    public int Year { get; set; }

    public RulePreset Preset { get; set; }

    public bool Active { get; set; }

    /// <summary>Hours one training day counts for; 7.5 by default (12 days = 90 hours in the 2023 cadre-training regulation).</summary>
    public decimal HoursPerDay { get; set; } = 7.5m;

    public OnlineCreditSettings OnlineCredit { get; set; } = new();

    public List<ComplianceRule> Rules { get; } = [];

    /// <summary>
    /// This rule set for another year, as the administrators left it: preset, whether it is the active one,
    /// hours a day, online conversion and every rule with its thresholds. Nothing is shared with this set.
    /// </summary>
    public RuleSet CopyTo(int year)
    {
        var copy = new RuleSet
        {
            Year = year, Preset = Preset, Active = Active, HoursPerDay = HoursPerDay,
            OnlineCredit = new OnlineCreditSettings
            {
                LongMinutes = OnlineCredit.LongMinutes, LongHours = OnlineCredit.LongHours, ShortMaxMinutes = OnlineCredit.ShortMaxMinutes,
                MediumHours = OnlineCredit.MediumHours, ShortHours = OnlineCredit.ShortHours, PassedTestHours = OnlineCredit.PassedTestHours,
            },
        };
        copy.Rules.AddRange(Rules.OrderBy(r => r.Order).Select(r => new ComplianceRule
        {
            Order = r.Order, Code = r.Code, Kind = r.Kind, Tiers = r.Tiers, MinCentralizedTrainings = r.MinCentralizedTrainings,
            MinDays = r.MinDays, MinCentralizedHours = r.MinCentralizedHours, MinTotalHours = r.MinTotalHours, WindowMonths = r.WindowMonths,
        }));
        return copy;
    }
}

/// <summary>One requirement of a rule set. Thresholds of zero are not checked.</summary>
public sealed class ComplianceRule
{
    /// <summary>The code of the curriculum-complete rule a rule set may include.</summary>
    public const string CurriculumCompleteCode = "curriculum-complete";

    public int Id { get; set; }

    public int RuleSetId { get; set; }

    /// <summary>Display order within the set.</summary>
    public int Order { get; set; }

    /// <summary>Short stable name ("secretary-annual"), used for resource keys and exports.</summary>
    public string Code { get; set; } = "";

    public RuleKind Kind { get; set; }

    /// <summary>The tiers the rule applies to; a person in any of them is bound by it.</summary>
    public Tier Tiers { get; set; }

    public int MinCentralizedTrainings { get; set; }

    public decimal MinDays { get; set; }

    public decimal MinCentralizedHours { get; set; }

    public decimal MinTotalHours { get; set; }

    /// <summary>For <see cref="RuleKind.NewSecretary"/>: the months after appointment in which the training must happen.</summary>
    public int WindowMonths { get; set; }
}
