using System.Globalization;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Web.Features.Compliance.Supervision;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Assignments;

/// <summary>
/// The completion overview as a table, one line per person and tier, in the screen's order (an
/// organization's people who are not yet done first): what a supervisor forwards to an organization. The
/// status is the tier's curriculum; the counts are the person's whole plan (<see cref="PlanCounts"/>).
/// </summary>
public static class PlansExport
{
    public static string[] Header(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return [t["Supervision.Organization"], t["Supervision.Tiers"], t["Supervision.Person"], t["Supervision.Status"],
            t["Plans.Column.Items"], t["Plans.Column.Open"], t["Plans.Column.Overdue"], t["Plans.Column.Missed"]];
    }

    public static IEnumerable<string[]> Rows(IEnumerable<CompletionCell> cells, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(t);
        foreach (var cell in cells)
        {
            foreach (var (person, complete) in cell.Incomplete.Select(p => (p, false)).Concat(cell.Complete.Select(p => (p, true))))
            {
                // The person's plan counts, the same numbers as on their own page and in the API.
                var counts = person.Plan.Counts;
                yield return
                [
                    cell.OrganizationName, t.Label(cell.Tier), person.Name,
                    complete ? t["Plans.State.Complete"] : t["Plans.State.Incomplete"],
                    $"{counts.Done}/{counts.Total}", Number(counts.Open), Number(counts.Overdue), Number(counts.Missed),
                ];
            }
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static byte[] Xlsx(IEnumerable<CompletionCell> cells, IStringLocalizer t) =>
        SpreadsheetExport.Xlsx(Header(t), Rows(cells, t), t["Plans.SheetName"]);

    public static byte[] Csv(IEnumerable<CompletionCell> cells, IStringLocalizer t) => SpreadsheetExport.Csv(Header(t), Rows(cells, t));
}
