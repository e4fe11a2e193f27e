using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Compliance.Rules;

/// <summary>
/// The default rule sets, with numbers from the policy papers: the provincial rules (secretaries
/// and committee members at least one centralized training and three days a year; Party members at
/// least two centralized trainings; a new secretary trained within six months; the "key minority"
/// rotated once a year) and the national ones (members 32 centralized hours; secretaries 56 hours
/// plus one centralized training).
/// </summary>
public static class RulePresets
{
    public static RuleSet Create(RulePreset preset, int year)
    {
        var set = new RuleSet { Year = year, Preset = preset, Active = preset == RulePreset.Provincial };
        if (preset == RulePreset.Provincial)
        {
            set.Rules.Add(new ComplianceRule
            {
                Order = 1, Code = "secretary-annual", Kind = RuleKind.Annual, Tiers = Tier.Secretaries,
                MinCentralizedTrainings = 1, MinDays = 3m,
            });
            set.Rules.Add(new ComplianceRule
            {
                Order = 2, Code = "member-annual", Kind = RuleKind.Annual, Tiers = Tier.Members,
                MinCentralizedTrainings = 2,
            });
            set.Rules.Add(new ComplianceRule
            {
                Order = 3, Code = "new-secretary", Kind = RuleKind.NewSecretary, Tiers = Tier.Secretaries,
                MinCentralizedTrainings = 1, WindowMonths = 6,
            });
            set.Rules.Add(new ComplianceRule
            {
                Order = 4, Code = "key-minority", Kind = RuleKind.Annual, Tiers = Tier.Leaders | Tier.Secretaries,
                MinCentralizedTrainings = 1,
            });
        }
        else
        {
            set.Rules.Add(new ComplianceRule
            {
                Order = 1, Code = "member-hours", Kind = RuleKind.Annual, Tiers = Tier.Members,
                MinCentralizedHours = 32m,
            });
            set.Rules.Add(new ComplianceRule
            {
                Order = 2, Code = "secretary-hours", Kind = RuleKind.Annual, Tiers = Tier.Secretaries,
                MinTotalHours = 56m, MinCentralizedTrainings = 1,
            });
        }

        return set;
    }
}
