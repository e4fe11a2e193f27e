using System.Text;
using MiniExcelLibs;

namespace LearnHub.Courses.Import;

/// <summary>
/// The template a user downloads for an import: the columns' Chinese headers and example rows
/// that import as they are; the workbook adds a 说明 sheet of notes (allowed values, formats).
/// </summary>
public sealed class ImportTemplate(ImportLayout layout, string sheetName, IReadOnlyList<string[]> examples)
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    /// <summary>The heading of the notes' second column, "可填写的值" or "说明".</summary>
    public string NotesHeading { get; init; } = "可填写的值";

    /// <summary>One line per note: the column it is about and the text.</summary>
    public IReadOnlyList<(string Column, string Note)> Notes { get; init; } = [];

    /// <summary>The template as .xlsx or .csv (anything else: null).</summary>
    public byte[]? Write(string format) => format switch
    {
        "xlsx" => Xlsx(),
        "csv" => Csv(),
        _ => null,
    };

    public static string ContentType(string format) => format == "xlsx" ? XlsxContentType : CsvContentType;

    public byte[] Xlsx()
    {
        var rows = examples.Select(row => layout.Columns.Select((c, i) => (c.Chinese, Value: (object)row[i]))
            .ToDictionary(p => p.Chinese, p => p.Value)).ToList();
        var notes = Notes.Select(n => new Dictionary<string, object> { ["列"] = n.Column, [NotesHeading] = n.Note }).ToList();
        using var buffer = new MemoryStream();
        buffer.SaveAs(new Dictionary<string, object> { [sheetName] = rows, ["说明"] = notes }, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    public byte[] Csv()
    {
        var text = Line(layout.Columns.Select(c => c.Chinese)) + string.Concat(examples.Select(Line));
        // The byte-order mark tells Excel the file is UTF-8; without it Chinese text opens garbled.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }

    private static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Quote)) + "\r\n";

    private static string Quote(string cell) =>
        cell.Contains(',', StringComparison.Ordinal) || cell.Contains('"', StringComparison.Ordinal)
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;
}
