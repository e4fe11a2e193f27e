using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace LearnHub.Courses.Import;

/// <summary>
/// The first worksheet of an .xlsx, read one row at a time with an <see cref="XmlReader"/>. A general
/// workbook reader first walks the whole sheet (to size it) and so holds a five-million-row sheet in
/// memory before the first row; this one holds only the shared strings and the row being read.
/// </summary>
internal sealed class XlsxSheet : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    // Excel's built-in number formats that show a date (ids 14–22, 45–47, and those of East Asian locales).
    private static readonly HashSet<int> BuiltInDates = [14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58];

    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false };

    private readonly ZipArchive _zip;
    private readonly List<string> _sharedStrings;
    private readonly List<bool> _dateStyles;

    public XlsxSheet(Stream workbook)
    {
        _zip = new ZipArchive(workbook, ZipArchiveMode.Read, leaveOpen: true);
        _sharedStrings = SharedStrings(_zip.GetEntry("xl/sharedStrings.xml"));
        _dateStyles = DateStyles(_zip.GetEntry("xl/styles.xml"));
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>Each row as its sheet row number and its cells by column (header included); blank cells are "".</summary>
    public IEnumerable<(int Number, string[] Cells)> Rows()
    {
        var entry = _zip.GetEntry(FirstSheetPath()) ?? throw new InvalidDataException("unreadable");
        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, Settings);
        var number = 0;
        while (xml.ReadToFollowing("row", Main))
        {
            number = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > number ? r : number + 1;
            var cells = new List<string>();
            if (!xml.IsEmptyElement)
            {
                using var row = xml.ReadSubtree();
                while (row.ReadToFollowing("c", Main))
                {
                    var column = ColumnOf(row.GetAttribute("r")) ?? cells.Count;
                    var text = CellText(row);
                    if (column >= cells.Count)
                    {
                        cells.AddRange(Enumerable.Repeat("", column - cells.Count + 1));
                    }

                    cells[column] = text;
                }
            }

            yield return (number, [.. cells]);
        }
    }

    private string CellText(XmlReader cell)
    {
        var type = cell.GetAttribute("t");
        var style = int.TryParse(cell.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        string? value = null;
        string? inline = null;
        if (!cell.IsEmptyElement)
        {
            using var inner = cell.ReadSubtree();
            inner.Read();
            inner.Read();
            while (!inner.EOF)
            {
                if (inner is { NodeType: XmlNodeType.Element, LocalName: "v" })
                {
                    value = inner.ReadElementContentAsString();
                }
                else if (inner is { NodeType: XmlNodeType.Element, LocalName: "is" })
                {
                    inline = RichText(inner);
                    inner.Read();
                }
                else
                {
                    inner.Read();
                }
            }
        }

        return type switch
        {
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Count ? _sharedStrings[i].Trim() : "",
            "inlineStr" => (inline ?? "").Trim(),
            "b" => value == "1" ? "TRUE" : value is null ? "" : "FALSE",
            "str" or "e" or "d" => value?.Trim() ?? "",
            _ => Number(value, style < _dateStyles.Count && _dateStyles[style]),
        };
    }

    private static string Number(string? value, bool date)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value?.Trim() ?? "";
        }

        if (date && number is > -657435 and < 2958466)
        {
            return DateTime.FromOADate(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // Phone numbers typed into Excel become numbers; print them without exponent or decimals.
        return number == Math.Floor(number) && Math.Abs(number) < 1e15
            ? ((long)number).ToString(CultureInfo.InvariantCulture)
            : number.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The text of a string item: its runs' text, without the phonetic guide runs (rPh).</summary>
    private static string RichText(XmlReader item)
    {
        var text = new System.Text.StringBuilder();
        using var inner = item.ReadSubtree();
        inner.Read();
        inner.Read();
        while (!inner.EOF)
        {
            if (inner is { NodeType: XmlNodeType.Element, LocalName: "rPh" })
            {
                inner.Skip();
            }
            else if (inner is { NodeType: XmlNodeType.Element, LocalName: "t" })
            {
                text.Append(inner.ReadElementContentAsString());
            }
            else
            {
                inner.Read();
            }
        }

        return text.ToString();
    }

    private static List<string> SharedStrings(ZipArchiveEntry? entry)
    {
        var strings = new List<string>();
        if (entry is null)
        {
            return strings;
        }

        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, Settings);
        while (xml.ReadToFollowing("si", Main))
        {
            strings.Add(RichText(xml));
        }

        return strings;
    }

    /// <summary>For each cell style, whether its number format shows a date.</summary>
    private static List<bool> DateStyles(ZipArchiveEntry? entry)
    {
        var styles = new List<bool>();
        if (entry is null)
        {
            return styles;
        }

        var custom = new Dictionary<int, bool>();
        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, Settings);
        while (xml.Read())
        {
            if (xml is not { NodeType: XmlNodeType.Element })
            {
                continue;
            }

            if (xml.LocalName == "numFmt" && int.TryParse(xml.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var id))
            {
                custom[id] = IsDateFormat(xml.GetAttribute("formatCode") ?? "");
            }
            else if (xml.LocalName == "cellXfs")
            {
                using var xfs = xml.ReadSubtree();
                while (xfs.ReadToFollowing("xf", Main))
                {
                    var format = int.TryParse(xfs.GetAttribute("numFmtId"), CultureInfo.InvariantCulture, out var f) ? f : 0;
                    styles.Add(BuiltInDates.Contains(format) || custom.GetValueOrDefault(format));
                }
            }
        }

        return styles;
    }

    /// <summary>A format code shows a date when it has a day, month or year outside quotes and brackets.</summary>
    private static bool IsDateFormat(string code)
    {
        var quoted = false;
        var bracket = false;
        foreach (var c in code)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '[' or ']')
            {
                bracket = c == '[';
            }
            else if (!quoted && !bracket && char.ToLowerInvariant(c) is 'y' or 'd' or 'm')
            {
                return true;
            }
        }

        return false;
    }

    private string FirstSheetPath()
    {
        string? relation = null;
        if (_zip.GetEntry("xl/workbook.xml") is { } workbook)
        {
            using var stream = workbook.Open();
            using var xml = XmlReader.Create(stream, Settings);
            if (xml.ReadToFollowing("sheet", Main))
            {
                relation = xml.GetAttribute("id", Relationships);
            }
        }

        if (relation is not null && _zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var stream = rels.Open();
            using var xml = XmlReader.Create(stream, Settings);
            while (xml.ReadToFollowing("Relationship", "http://schemas.openxmlformats.org/package/2006/relationships"))
            {
                if (xml.GetAttribute("Id") == relation && xml.GetAttribute("Target") is { } target)
                {
                    return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                }
            }
        }

        return "xl/worksheets/sheet1.xml";
    }

    /// <summary>The zero-based column of a cell reference such as "AB12"; null when it has none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var index = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = (index * 26) + (c - 'A' + 1);
                if (index > 16_384)
                {
                    throw new InvalidDataException("unreadable");
                }
            }
            else
            {
                break;
            }
        }

        return index == 0 ? null : index - 1;
    }
}
