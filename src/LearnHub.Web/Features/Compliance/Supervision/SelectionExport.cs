using System.Globalization;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Supervision;

/// <summary>
/// The selected people, one line each: how to reach them, where they stand against the year's rules (what each rule
/// still lacks) and their plan's numbers — the same figures as the person's own page.
/// </summary>
public static class SelectionExport
{
    public static string[] Header(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return [t["Supervision.Organization"], t["Supervision.Person"], t["Supervision.Mobile"], t["Supervision.Email"], t["Supervision.Tiers"],
            t["Supervision.Status"], t["Supervision.Missing"], t["Plans.Column.Items"], t["Plans.Column.Overdue"]];
    }

    public static IEnumerable<string[]> Rows(IEnumerable<SelectedPerson> people, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(t);
        foreach (var (standing, mobile, email) in people)
        {
            var missing = standing.Outcomes.Where(o => o.Status != ComplianceStatus.Met).Select(o => t.RuleName(o.Rule) + "：" + t.Missing(o));
            var counts = standing.Plan?.Plan.Counts;
            yield return
            [
                standing.OrganizationName, standing.Name, mobile, email ?? "", t.Label(standing.Tiers),
                standing.Status is { } status ? t.Label(status) : t["Plans.NotBound"],
                string.Join("；", missing),
                counts is null ? "" : $"{counts.Done}/{counts.Total}",
                counts?.Overdue.ToString(CultureInfo.InvariantCulture) ?? "",
            ];
        }
    }

    public static byte[] Xlsx(Selection selection, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return SpreadsheetExport.Xlsx(Header(t), Rows(selection.People, t), t["Supervision.SheetName"]);
    }

    public static byte[] ZipByOrganization(Selection selection, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return SpreadsheetExport.ZipByOrganization(Header(t), selection.People.GroupBy(p => p.Standing.OrganizationId)
            .Select(g => (g.First().Standing.OrganizationName, Rows(g, t))), t["Supervision.SheetName"]);
    }
}
