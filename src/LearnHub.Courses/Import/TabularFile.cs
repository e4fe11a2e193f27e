using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace LearnHub.Courses.Import;

/// <summary>
/// A spreadsheet read into rows of text, whatever it came as (.xlsx or .csv). Row numbers are the
/// ones a user sees in their spreadsheet program: the header is row 1.
/// </summary>
public sealed class TabularFile
{
    private TabularFile(IReadOnlyList<string> header, IReadOnlyList<(int Number, string[] Cells)> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<(int Number, string[] Cells)> Rows { get; }

    /// <summary>The same sheet with every row's cells rewritten (row numbers kept for messages).</summary>
    internal TabularFile Map(Func<int, string[], string[]> row) => new(Header, Rows.Select(r => (r.Number, row(r.Number, r.Cells))).ToList());

    /// <summary>Reads a file by its extension; throws <see cref="InvalidDataException"/> when it cannot be read.</summary>
    public static TabularFile Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        return extension switch
        {
            ".XLSX" => ReadXlsx(stream),
            ".CSV" or ".TXT" => ReadCsv(stream),
            _ => throw new InvalidDataException("unsupported-extension"),
        };
    }

    private static TabularFile ReadXlsx(Stream stream)
    {
        List<IDictionary<string, object?>> sheet;
        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            sheet = MiniExcel.Query(buffer, useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>().ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The reader throws a variety of exceptions for a file that is not a workbook.
            throw new InvalidDataException("unreadable", e);
        }

        if (sheet.Count == 0)
        {
            return new TabularFile([], []);
        }

        // Rows come as column letter → value; the widest row decides the column count.
        var columns = sheet.SelectMany(r => r.Keys).Distinct().OrderBy(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToList();
        string[] Cells(IDictionary<string, object?> row) =>
            columns.Select(c => row.TryGetValue(c, out var value) ? CellText(value) : "").ToArray();

        var header = Cells(sheet[0]);
        var rows = sheet.Skip(1)
            .Select((row, index) => (Number: index + 2, Cells: Cells(row)))
            .Where(r => r.Cells.Any(c => c.Length > 0))
            .ToList();
        return new TabularFile(header, rows);
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // Phone numbers typed into Excel become numbers; print them without exponent or decimals.
        double number when number == Math.Floor(number) && Math.Abs(number) < 1e15 => ((long)number).ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };

    private static TabularFile ReadCsv(Stream stream)
    {
        // Rosters exported by Excel in China are often GB18030; UTF-8 with or without BOM is the default.
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("not-utf8", e);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidDataException("unreadable");
        }

        var records = ParseCsv(text);
        if (records.Count == 0)
        {
            return new TabularFile([], []);
        }

        var rows = records.Skip(1)
            .Select((cells, index) => (Number: index + 2, Cells: cells.Select(c => c.Trim()).ToArray()))
            .Where(r => r.Cells.Any(c => c.Length > 0))
            .ToList();
        return new TabularFile(records[0].Select(h => h.Trim()).ToArray(), rows);
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }
}
