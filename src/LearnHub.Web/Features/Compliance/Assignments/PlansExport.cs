using System.Globalization;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Features.Compliance.Supervision;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Assignments;

/// <summary>
/// The completion overview as a table, one line per person and tier, in the screen's order (an
/// organization's people who are not yet done first): what a supervisor forwards to an organization. The
/// status is the tier's curriculum; the counts are the person's whole plan (<see cref="PlanCounts"/>) and the last
/// column the person's standing against the year's rules, both from the same rows as the person's page and the API.
/// </summary>
public static class PlansExport
{
    public static string[] Header(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return [t["Supervision.Organization"], t["Supervision.Tiers"], t["Supervision.Person"], t["Supervision.Mobile"], t["Supervision.Email"], t["Supervision.Status"],
            t["Plans.Column.Items"], t["Plans.Column.Open"], t["Plans.Column.Overdue"], t["Plans.Column.Missed"], t["Plans.Compliance"]];
    }

    public static IEnumerable<string[]> Rows(IEnumerable<CompletionCell> cells, ComplianceReport report,
        IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(t);
        var standing = report.People.ToDictionary(p => p.PersonId, p => p.Status);
        foreach (var cell in cells)
        {
            foreach (var (person, complete) in cell.Incomplete.Select(p => (p, false)).Concat(cell.Complete.Select(p => (p, true))))
            {
                // The person's plan counts, the same numbers as on their own page and in the API.
                var counts = person.Plan.Counts;
                var (mobile, email) = contacts.GetValueOrDefault(person.PersonId, ("", null));
                yield return
                [
                    cell.OrganizationName, t.Label(cell.Tier), person.Name, mobile, email ?? "",
                    complete ? t["Plans.State.Complete"] : t["Plans.State.Incomplete"],
                    $"{counts.Done}/{counts.Total}", Number(counts.Open), Number(counts.Overdue), Number(counts.Missed),
                    standing.GetValueOrDefault(person.PersonId) is { } status ? t.Label(status) : t["Plans.NotBound"],
                ];
            }
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static byte[] Xlsx(IEnumerable<CompletionCell> cells, ComplianceReport report, IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts,
        IStringLocalizer t) =>
        SpreadsheetExport.Xlsx(Header(t), Rows(cells, report, contacts, t), t["Plans.SheetName"]);

    public static byte[] Csv(IEnumerable<CompletionCell> cells, ComplianceReport report, IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts,
        IStringLocalizer t) =>
        SpreadsheetExport.Csv(Header(t), Rows(cells, report, contacts, t));

    /// <summary>One .xlsx per organization in a .zip.</summary>
    public static byte[] ZipByOrganization(IEnumerable<CompletionCell> cells, ComplianceReport report,
        IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts, IStringLocalizer t) =>
        SpreadsheetExport.ZipByOrganization(Header(t), cells.GroupBy(c => c.OrganizationId)
            .Select(g => (g.First().OrganizationName, Rows(g, report, contacts, t))), t["Plans.SheetName"]);
}
