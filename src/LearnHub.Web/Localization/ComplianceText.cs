using System.Globalization;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Compliance.Rules;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Localization;

/// <summary>Rules and their outcomes in words, in the user's language; shared by pages, exports, the PDF and the API.</summary>
public static class ComplianceText
{
    public static string RuleName(this IStringLocalizer t, ComplianceRule rule)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rule);
        var name = t[$"Rule.{rule.Code}"];
        return name.ResourceNotFound ? rule.Code : name.Value;
    }

    /// <summary>What the rule asks, from its current thresholds: "at least 1 centralized training and 3 days a year".</summary>
    public static string Requirement(this IStringLocalizer t, ComplianceRule rule, decimal hoursPerDay)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Kind == RuleKind.CurriculumComplete)
        {
            return t["Requirement.Curricula"];
        }

        var parts = new List<string>();
        if (rule.MinCentralizedTrainings > 0) parts.Add(t["Requirement.Trainings", rule.MinCentralizedTrainings]);
        if (rule.MinDays > 0) parts.Add(t["Requirement.Days", Number(rule.MinDays), Number(hoursPerDay)]);
        if (rule.MinCentralizedHours > 0) parts.Add(t["Requirement.CentralizedHours", Number(rule.MinCentralizedHours)]);
        if (rule.MinTotalHours > 0) parts.Add(t["Requirement.TotalHours", Number(rule.MinTotalHours)]);
        var joined = string.Join(t["Requirement.And"].Value, parts);
        return rule.Kind == RuleKind.NewSecretary
            ? t["Requirement.Window", rule.WindowMonths, joined]
            : t["Requirement.Annual", joined];
    }

    public static string Status(this IStringLocalizer t, RuleOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            ComplianceStatus.Met => t["ComplianceStatus.Met"],
            ComplianceStatus.Due => t["ComplianceStatus.DueBy", Date(outcome.Deadline)],
            _ => t["ComplianceStatus.NotMet"],
        };
    }

    /// <summary>Where the person stands: "1 of 2 centralized trainings; 1.5 of 3 days".</summary>
    public static string Reason(this IStringLocalizer t, RuleOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(outcome);
        var parts = outcome.Measures.Select(m => t[$"Measure.{m.Kind}", Have(m), Number(m.Need)].Value).ToList();
        if (outcome.AppointedOn is { } appointed)
        {
            parts.Insert(0, t["Measure.Appointed", Date(appointed), Date(outcome.Deadline)]);
        }

        return string.Join(t["Measure.Separator"].Value, parts);
    }

    /// <summary>What is still missing, empty when met: "1 centralized training, 1.5 days".</summary>
    public static string Missing(this IStringLocalizer t, RuleOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(outcome);
        return string.Join(t["ListSeparator"].Value, outcome.Measures.Where(m => !m.Met)
            .Select(m => t[$"Missing.{m.Kind}", Number(m.Kind == MeasureKind.Days ? Math.Ceiling(m.Missing * 10) / 10 : m.Missing)].Value));
    }

    public static string Source(this IStringLocalizer t, LedgerSource source) => t.Label(source);

    /// <summary>Days are shown rounded down to one decimal, so 2.96 days never reads as "3 of 3".</summary>
    private static string Have(Measure m) => Number(m.Kind == MeasureKind.Days ? Math.Floor(m.Have * 10) / 10 : m.Have);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
