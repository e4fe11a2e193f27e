using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace LearnHub.Web.Features.Account.PersonalData;

/// <summary>
/// The personal-data copy as a PDF a person can read without a JSON viewer: each kind of record under its name in
/// the user's language, each row as its fields, wrapped to the page. The JSON copy is the complete, machine-readable one.
/// </summary>
public sealed class PersonalDataPdf(IStringLocalizer<SharedResource> t, IOptions<PdfOptions> options, ProgrammeClock clock)
{
    public byte[] Render(PersonalDataRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var font = CjkFont.Shared(options.Value.FontPath);
        var pages = Layout(record, font.Typeface);
        return font.Paint(pages.SelectMany(page => page).Select(text => text.Text),
            typeface => TranscriptPdf.Paint(pages, typeface, t["PersonalData.Title"], record.GeneratedAt.UtcDateTime));
    }

    private List<List<PlacedText>> Layout(PersonalDataRecord record, SKTypeface typeface)
    {
        const float margin = TranscriptPdf.Margin;
        const float width = TranscriptPdf.PageWidth - 2 * margin;
        using var title = new SKFont(typeface, 18);
        using var heading = new SKFont(typeface, 12);
        using var body = new SKFont(typeface, 8.5f);
        var pages = new List<List<PlacedText>>();
        float y = TranscriptPdf.PageHeight;
        void Line(string text, SKFont font, float height, SKColor color, float indent = 0)
        {
            foreach (var part in Wrap(text, font, width - indent))
            {
                if (y + height > TranscriptPdf.PageHeight - margin)
                {
                    pages.Add([]);
                    y = margin;
                }

                pages[^1].Add(new PlacedText(part, font.Size, margin + indent, y, color));
                y += height;
            }
        }

        Line(t["PersonalData.Title"], title, 30, TranscriptPdf.Red);
        Line(t["PersonalData.For", record.Name, clock.Local(record.GeneratedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)], heading, 18, SKColors.Black);
        Line(t["PersonalData.PdfHelp"], body, 13, TranscriptPdf.Grey);
        foreach (var section in record.Sections)
        {
            y += 8;
            var name = t[$"PersonalData.Kind.{section.Kind}"];
            Line($"{(name.ResourceNotFound ? section.Kind : name.Value)}（{section.Rows.Count}）", heading, 18, TranscriptPdf.Red);
            foreach (var row in section.Rows)
            {
                Line(string.Join("；", row.Select(p => $"{p.Key}：{Text(p.Value)}")), body, 12, SKColors.Black, 8);
                y += 3;
            }
        }

        return pages;
    }

    private string Text(object? value) => value switch
    {
        null => "—",
        DateTimeOffset at => clock.Local(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateTime at => clock.Local(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Breaks a text into lines no wider than <paramref name="width"/>, at any character (Chinese has no spaces to break at).</summary>
    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        var start = 0;
        while (start < text.Length)
        {
            // The longest piece that fits, found by halving: a long record would otherwise be measured a character at a time.
            int low = start + 1, high = text.Length;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (font.MeasureText(text.AsSpan(start, middle - start)) <= width)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            var end = low;
            yield return text[start..end];
            start = end;
        }
    }
}
