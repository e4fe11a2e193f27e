using System.Globalization;
using System.IO.Compression;
using System.Text;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace LearnHub.Web.Features.Compliance.Supervision;

/// <summary>One person falling short of one rule: a line of the exports and of the person's entry on screen.</summary>
public sealed record ShortfallRow(int PersonId, string Name, int OrganizationId, string Organization, string Tiers, string Rule, ComplianceStatus Status,
    string StatusText, string Reason, string Missing);

/// <summary>One person of the shortfall list, with a row per rule they fall short of.</summary>
public sealed record ShortfallPerson(int PersonId, string Name, string Organization, string Tiers, IReadOnlyList<ShortfallRow> Rules);

/// <summary>
/// The people falling short (<see cref="ComplianceReport.Shortfalls"/>, the set the dashboard's heading counts), as
/// .xlsx or .csv with the screen's columns (<see cref="SpreadsheetExport"/>): a line per person and rule.
/// </summary>
public static class ComplianceExport
{
    public static IEnumerable<ShortfallRow> Shortfalls(ComplianceReport report, IStringLocalizer t) =>
        ShortfallPage(report, t, 0, int.MaxValue).People.SelectMany(p => p.Rules);

    /// <summary>
    /// One page of the people falling short, in the report's order, and how many there are in all. Only the
    /// page's people are put into words: a unit of thousands of people shows fifty at a time.
    /// </summary>
    public static (IReadOnlyList<ShortfallPerson> People, int Total) ShortfallPage(ComplianceReport report, IStringLocalizer t, int skip, int take)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(t);
        var people = report.Shortfalls.Skip(skip).Take(take)
            .Select(p =>
            {
                var tiers = t.Label(p.Tiers);
                // Rules not met before those still due, then in the rule set's order.
                var rules = p.Outcomes.Where(o => o.Status != ComplianceStatus.Met).OrderBy(o => o.Status == ComplianceStatus.NotMet ? 0 : 1)
                    .Select(o => new ShortfallRow(p.PersonId, p.Name, p.OrganizationId, p.OrganizationName, tiers, t.RuleName(o.Rule), o.Status, t.Status(o), t.Reason(o), t.Missing(o)))
                    .ToList();
                return new ShortfallPerson(p.PersonId, p.Name, p.OrganizationName, tiers, rules);
            })
            .ToList();
        return (people, report.Shortfalls.Count);
    }

    /// <summary>The screen's columns; the exports add the person's contact details after the name.</summary>
    public static string[] Header(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return [t["Supervision.Person"], t["Supervision.Organization"], t["Supervision.Tiers"], t["Supervision.Rule"],
            t["Supervision.Status"], t["Supervision.Reason"], t["Supervision.Missing"]];
    }

    public static string[] ExportHeader(IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return [t["Supervision.Person"], t["Supervision.Mobile"], t["Supervision.Email"], t["Supervision.Organization"], t["Supervision.Tiers"],
            t["Supervision.Rule"], t["Supervision.Status"], t["Supervision.Reason"], t["Supervision.Missing"]];
    }

    public static IEnumerable<string[]> Cells(IEnumerable<ShortfallRow> rows, IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts) =>
        rows.Select(r =>
        {
            var (mobile, email) = contacts.GetValueOrDefault(r.PersonId, ("", null));
            return new[] { r.Name, mobile, email ?? "", r.Organization, r.Tiers, r.Rule, r.StatusText, r.Reason, r.Missing };
        });

    public static byte[] Xlsx(ComplianceReport report, IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts, IStringLocalizer t) =>
        SpreadsheetExport.Xlsx(ExportHeader(t), Cells(Shortfalls(report, t), contacts), t["Supervision.SheetName"]);

    public static byte[] Csv(ComplianceReport report, IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts, IStringLocalizer t) =>
        SpreadsheetExport.Csv(ExportHeader(t), Cells(Shortfalls(report, t), contacts));

    /// <summary>One .xlsx per organization in a .zip: each organization gets only its own people.</summary>
    public static byte[] ZipByOrganization(ComplianceReport report, IReadOnlyDictionary<int, (string Mobile, string? Email)> contacts, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return SpreadsheetExport.ZipByOrganization(ExportHeader(t), Shortfalls(report, t).GroupBy(r => r.OrganizationId)
            .Select(g => (g.First().Organization, Cells(g, contacts))), t["Supervision.SheetName"]);
    }
}

/// <summary>A sheet of a workbook: its name, header and rows.</summary>
public sealed record SpreadsheetSheet(string Name, string[] Header, IEnumerable<string[]> Rows);

/// <summary>
/// A table as .xlsx or .csv (UTF-8 with a byte-order mark, so Excel opens Chinese text correctly).
/// Cells that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe, so an
/// exported name cannot become a live formula on a supervisor's machine.
/// </summary>
public static class SpreadsheetExport
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Xlsx(string[] header, IEnumerable<string[]> rows, string sheetName)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(Rows(header, rows), sheetName: sheetName, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    /// <summary>One workbook of several sheets, in the order given (a class's closing summary: overview, sessions, trainees).</summary>
    public static byte[] Xlsx(IReadOnlyList<SpreadsheetSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        var workbook = new Dictionary<string, object>();
        foreach (var sheet in sheets)
        {
            workbook.Add(sheet.Name, Rows(sheet.Header, sheet.Rows));
        }

        using var buffer = new MemoryStream();
        buffer.SaveAs(workbook, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    private static List<Dictionary<string, object>> Rows(string[] header, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        var sheet = rows
            .Select(cells => header.Select((h, i) => (h, Value: (object)Neutralise(cells[i]))).ToDictionary(p => p.h, p => p.Value))
            .ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(header.ToDictionary(h => h, _ => (object)""));
        }

        return sheet;
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

    /// <summary>
    /// One .xlsx per group (an organization) in a .zip, named after the group: what a supervisor forwards to each
    /// organization. Names are made safe for every file system and kept unique.
    /// </summary>
    public static byte[] ZipByOrganization(string[] header, IEnumerable<(string Organization, IEnumerable<string[]> Rows)> groups, string sheetName)
    {
        ArgumentNullException.ThrowIfNull(groups);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (organization, rows) in groups)
            {
                var name = FileName(organization);
                for (var n = 2; !used.Add(name); n++)
                {
                    name = FileName(organization) + " (" + n.ToString(CultureInfo.InvariantCulture) + ")";
                }

                var entry = zip.CreateEntry(name + ".xlsx", CompressionLevel.Fastest);
                using var stream = entry.Open();
                stream.Write(Xlsx(header, rows, sheetName));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A name without the characters Windows, macOS or a zip tool refuse, at most 80 characters.</summary>
    private static string FileName(string name)
    {
        var safe = new string(name.Select(c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c).ToArray()).Trim().Trim('.');
        return safe.Length == 0 ? "-" : safe.Length > 80 ? safe[..80] : safe;
    }

    /// <summary>Prefixes an apostrophe to text a spreadsheet would evaluate.</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
