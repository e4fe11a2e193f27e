using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

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

    /// <summary>
    /// What a workbook may unpack to. A 10 MB .xlsx of 20,000 filled rows unpacks to a few tens of MB;
    /// a zip bomb declares gigabytes, and is refused before any of it is inflated.
    /// </summary>
    public const long MaxUnpackedBytes = 100L * 1024 * 1024;

    /// <summary>
    /// Reads a file by its extension, row by row, and stops as soon as it holds more than
    /// <paramref name="maxRows"/> filled rows, so a huge sheet never sits in memory.
    /// Throws <see cref="InvalidDataException"/> when it cannot be read, <see cref="TooManyRowsException"/>
    /// past the limit and <see cref="WorkbookTooLargeException"/> for a workbook that unpacks too large.
    /// </summary>
    public static TabularFile Read(Stream stream, string fileName, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var extension = Path.GetExtension(fileName).ToUpperInvariant();
        return extension switch
        {
            ".XLSX" => ReadXlsx(stream, maxRows),
            ".CSV" or ".TXT" => ReadCsv(stream, maxRows),
            _ => throw new InvalidDataException("unsupported-extension"),
        };
    }

    private static TabularFile ReadXlsx(Stream stream, int maxRows)
    {
        using var buffer = Seekable(stream);
        CheckUnpackedSize(buffer);
        buffer.Position = 0;
        try
        {
            using var sheet = new XlsxSheet(buffer);
            string[]? header = null;
            var rows = new List<(int Number, string[] Cells)>();
            foreach (var row in sheet.Rows())
            {
                if (header is null)
                {
                    header = row.Cells;
                }
                else if (row.Cells.Any(c => c.Length > 0))
                {
                    Add(rows, row, maxRows);
                }
            }

            // The widest row decides the column count.
            var width = Math.Max(header?.Length ?? 0, rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Length));
            return new TabularFile(Pad(header ?? [], width), rows.Select(r => (r.Number, Pad(r.Cells, width))).ToList());
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException or FormatException)
        {
            throw new InvalidDataException("unreadable", e);
        }
    }

    /// <summary>The most CSV records read, blank ones included, before a file counts as too long.</summary>
    private static long BlankRowsAllowed(int maxRows) => (2L * maxRows) + 1_000;

    private static void Add(List<(int Number, string[] Cells)> rows, (int Number, string[] Cells) row, int maxRows)
    {
        if (rows.Count == maxRows)
        {
            throw new TooManyRowsException(maxRows);
        }

        rows.Add(row);
    }

    private static MemoryStream Seekable(Stream stream)
    {
        // Uploads are at most a few MB and a workbook is read from its end (the zip directory).
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>
    /// Refuses a workbook whose entries add up to more than <see cref="MaxUnpackedBytes"/>: first by the sizes
    /// the zip declares, then by inflating each entry without keeping it, since a crafted zip can declare less
    /// than it holds.
    /// </summary>
    private static void CheckUnpackedSize(Stream buffer)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException("unreadable", e);
        }

        using (zip)
        {
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (entry.Length < 0 || declared > MaxUnpackedBytes)
                {
                    throw new WorkbookTooLargeException(MaxUnpackedBytes);
                }
            }

            long inflated = 0;
            var chunk = new byte[81920];
            try
            {
                foreach (var entry in zip.Entries)
                {
                    using var content = entry.Open();
                    int read;
                    while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
                    {
                        inflated += read;
                        if (inflated > MaxUnpackedBytes)
                        {
                            throw new WorkbookTooLargeException(MaxUnpackedBytes);
                        }
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                throw new InvalidDataException("unreadable", e);
            }
        }
    }

    private static string[] Pad(string[] cells, int width) =>
        cells.Length >= width ? cells : [.. cells, .. Enumerable.Repeat("", width - cells.Length)];

    private static TabularFile ReadCsv(Stream stream, int maxRows)
    {
        // Rosters exported by Excel in China are often GB18030; UTF-8 with or without BOM is the default.
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false);
        try
        {
            if (reader.Peek() == '\uFEFF')
            {
                reader.Read();
            }

            using var records = ParseCsv(reader).GetEnumerator();
            if (!records.MoveNext())
            {
                return new TabularFile([], []);
            }

            var header = records.Current.Select(h => h.Trim()).ToArray();
            var rows = new List<(int Number, string[] Cells)>();
            var number = 1;
            while (records.MoveNext())
            {
                number++;
                if (number > BlankRowsAllowed(maxRows))
                {
                    throw new TooManyRowsException(maxRows);
                }

                var cells = records.Current.Select(c => c.Trim()).ToArray();
                if (cells.Any(c => c.Length > 0))
                {
                    Add(rows, (number, cells), maxRows);
                }
            }

            return new TabularFile(header, rows);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("not-utf8", e);
        }
    }

    /// <summary>RFC 4180 on a whole text (tests and small callers).</summary>
    internal static List<string[]> ParseCsv(string text)
    {
        using var reader = new StringReader(text);
        return ParseCsv(reader).ToList();
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. Yields one record at a time.</summary>
    private static IEnumerable<string[]> ParseCsv(TextReader text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        int c;
        while ((c = text.Read()) >= 0)
        {
            if (c == '\0')
            {
                // A binary file saved as .csv.
                throw new InvalidDataException("unreadable");
            }

            if (field.Length > MaxFieldLength)
            {
                // An unclosed quote would otherwise swallow the whole file into one field.
                throw new InvalidDataException("unreadable");
            }

            if (inQuotes)
            {
                if (c == '"')
                {
                    if (text.Peek() == '"')
                    {
                        field.Append('"');
                        text.Read();
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append((char)c);
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
                if (c == '\r' && text.Peek() == '\n')
                {
                    text.Read();
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return [.. fields];
                fields.Clear();
            }
            else
            {
                field.Append((char)c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }

    /// <summary>The longest cell a CSV may hold; the longest text any import takes is far shorter.</summary>
    private const int MaxFieldLength = 64 * 1024;
}

/// <summary>A spreadsheet with more filled rows than its import takes; reading stopped at the limit.</summary>
public sealed class TooManyRowsException(int maxRows) : Exception($"More than {maxRows} rows.")
{
    public int MaxRows { get; } = maxRows;
}

/// <summary>A workbook that unpacks to more than <see cref="TabularFile.MaxUnpackedBytes"/>.</summary>
public sealed class WorkbookTooLargeException(long maxBytes) : Exception($"The workbook unpacks to more than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
