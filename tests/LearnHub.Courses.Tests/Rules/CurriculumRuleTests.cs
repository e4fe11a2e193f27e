using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;

namespace LearnHub.Courses.Tests.Rules;

/// <summary>The curriculum-complete rule: bound only where a curriculum applies, met only when every one is complete.</summary>
public sealed class CurriculumRuleTests
{
    private static RuleSet WithCurriculumRule(Tier tiers)
    {
        var set = RulePresets.Create(RulePreset.Provincial, 2026);
        set.Rules.Add(new ComplianceRule { Code = ComplianceRule.CurriculumCompleteCode, Kind = RuleKind.CurriculumComplete, Tiers = tiers, Order = 99 });
        return set;
    }

    private static RuleOutcome? Outcome(RuleSet set, Tier planned, Tier complete, DateOnly today)
    {
        var person = new PersonStanding(Tier.Secretaries | Tier.Members, [(PositionKind.Secretary, new DateOnly(2020, 5, 1))], planned, complete);
        return ComplianceEngine.Evaluate(set, person, TrainingTotals.Empty, today).SingleOrDefault(o => o.Rule.Kind == RuleKind.CurriculumComplete);
    }

    [Fact]
    public void A_secretary_and_member_must_complete_both_curricula()
    {
        var set = WithCurriculumRule(Tier.Leaders | Tier.Secretaries | Tier.Members | Tier.Staff);
        var half = Outcome(set, Tier.Secretaries | Tier.Members, Tier.Members, new DateOnly(2026, 11, 23))!;
        Assert.Equal(ComplianceStatus.Due, half.Status);
        Assert.Equal(new DateOnly(2026, 12, 31), half.Deadline);
        Assert.Equal((1m, 2m), (half.Measures[0].Have, half.Measures[0].Need));

        Assert.Equal(ComplianceStatus.NotMet, Outcome(set, Tier.Secretaries | Tier.Members, Tier.Members, new DateOnly(2027, 1, 5))!.Status);
        Assert.Equal(ComplianceStatus.Met, Outcome(set, Tier.Secretaries | Tier.Members, Tier.Secretaries | Tier.Members, new DateOnly(2026, 11, 23))!.Status);
    }

    [Fact]
    public void The_rule_binds_only_tiers_it_names_that_have_a_curriculum()
    {
        var secretariesOnly = WithCurriculumRule(Tier.Secretaries);
        var outcome = Outcome(secretariesOnly, Tier.Secretaries | Tier.Members, Tier.Secretaries, new DateOnly(2026, 11, 23))!;
        Assert.Equal(ComplianceStatus.Met, outcome.Status);
        Assert.Null(Outcome(secretariesOnly, Tier.Members, Tier.None, new DateOnly(2026, 11, 23)));
        Assert.False(ComplianceEngine.AppliesTo(secretariesOnly.Rules[^1], new PersonStanding(Tier.Members, [], Tier.Members), 2026, new DateOnly(2026, 11, 23)));
    }
}
