using System.Text;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace LearnHub.Web.Features.Compliance.Supervision;

/// <summary>One person falling short of one rule: a line of the screen's list and of the exports.</summary>
public sealed record ShortfallRow(int PersonId, string Name, string Organization, string Tiers, string Rule, ComplianceStatus Status,
    string StatusText, string Reason, string Missing);

/// <summary>The people falling short, as .xlsx or .csv with the screen's columns (<see cref="SpreadsheetExport"/>).</summary>
public static class ComplianceExport
{
    public static IReadOnlyList<ShortfallRow> Shortfalls(ComplianceReport report, IStringLocalizer t) =>
        ShortfallPage(report, t, 0, int.MaxValue).Rows;

    /// <summary>
    /// One page of the people falling short, in the screen's order, and how many there are in all.
    /// Only the page's rows are put into words: a unit of thousands of people shows fifty at a time.
    /// </summary>
    public static (IReadOnlyList<ShortfallRow> Rows, int Total) ShortfallPage(ComplianceReport report, IStringLocalizer t, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(t);
        var all = report.People.Where(p => p.FallsShort)
            .SelectMany(p => p.Outcomes.Where(o => o.Status != ComplianceStatus.Met).Select(o => (Person: p, Outcome: o)))
            .OrderBy(x => x.Outcome.Status == ComplianceStatus.NotMet ? 0 : 1)
            .ThenBy(x => x.Person.OrganizationName, StringComparer.Ordinal).ThenBy(x => x.Person.Name, StringComparer.Ordinal)
            .ToList();
        var rows = all.Skip(skip).Take(take)
            .Select(x => new ShortfallRow(x.Person.PersonId, x.Person.Name, x.Person.OrganizationName, t.Label(x.Person.Tiers), t.RuleName(x.Outcome.Rule),
                x.Outcome.Status, t.Status(x.Outcome), t.Reason(x.Outcome), t.Missing(x.Outcome)))
            .ToList();
        return (rows, all.Count);
    }

    public static string[] Header(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return [t["Supervision.Person"], t["Supervision.Organization"], t["Supervision.Tiers"], t["Supervision.Rule"],
            t["Supervision.Status"], t["Supervision.Reason"], t["Supervision.Missing"]];
    }

    public static IEnumerable<string[]> Cells(IEnumerable<ShortfallRow> rows) =>
        rows.Select(r => new[] { r.Name, r.Organization, r.Tiers, r.Rule, r.StatusText, r.Reason, r.Missing });

    public static byte[] Xlsx(ComplianceReport report, IStringLocalizer t) =>
        SpreadsheetExport.Xlsx(Header(t), Cells(Shortfalls(report, t)), t["Supervision.SheetName"]);

    public static byte[] Csv(ComplianceReport report, IStringLocalizer t) =>
        SpreadsheetExport.Csv(Header(t), Cells(Shortfalls(report, t)));
}

/// <summary>
/// A table as .xlsx or .csv (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly).
/// Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe, so an
/// exported name cannot become a live formula on a supervisor's machine.
/// </summary>
public static class SpreadsheetExport
{
    public static byte[] Xlsx(string[] header, IEnumerable<string[]> rows, string sheetName)
    {
        ArgumentNullException.ThrowIfNull(header);
        var sheet = rows
            .Select(cells => header.Select((h, i) => (h, Value: (object)Neutralise(cells[i]))).ToDictionary(p => p.h, p => p.Value))
            .ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(header.ToDictionary(h => h, _ => (object)""));
        }

        using var buffer = new MemoryStream();
        buffer.SaveAs(sheet, sheetName: sheetName, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    public static byte[] Csv(string[] header, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.Append(string.Join(',', header.Select(Quote))).Append("\r\n");
        foreach (var cells in rows)
        {
            text.Append(string.Join(',', cells.Select(c => Quote(Neutralise(c))))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>Prefixes an apostrophe to text a spreadsheet would evaluate.</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
