using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace LearnHub.Web.Features.Compliance.Hours;

/// <summary>A trainee's training-hour transcript (学时证明) for one year as a PDF, in the user's language.</summary>
public sealed class TranscriptPdf(IStringLocalizer<SharedResource> t, IOptions<PdfOptions> options, TimeProvider clock)
{
    // A4 in PDF points.
    internal const float PageWidth = 595;
    internal const float PageHeight = 842;
    internal const float Margin = 50;
    internal static readonly SKColor Red = new(179, 18, 31);
    internal static readonly SKColor Grey = new(105, 105, 105);

    /// <param name="certificates">The person's standing completion certificates of classes completed in the year, listed after the ledger.</param>
    public byte[] Render(PersonHours hours, DateOnly today, IReadOnlyList<CertificateLine>? certificates = null)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var font = CjkFont.Shared(options.Value.FontPath);
        var pages = Layout(hours, today, font.Typeface, certificates ?? []);

        var title = t["Transcript.Title", hours.Year];
        return font.Paint(pages.SelectMany(page => page).Select(text => text.Text),
            typeface => Paint(pages, typeface, title, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>Draws laid-out A4 pages into a PDF; the other PDFs of a person's records share it.</summary>
    internal static byte[] Paint(List<List<PlacedText>> pages, SKTypeface typeface, string title, DateTime created)
    {
        using var ink = new SKPaint { IsAntialias = true };
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = "LearnHub",
            Creator = "LearnHub",
            Creation = created,
        };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            foreach (var page in pages)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var text in page)
                {
                    text.Draw(canvas, typeface, ink);
                }

                document.EndPage();
            }

            document.Close();
        }

        return output.ToArray();
    }

    private List<List<PlacedText>> Layout(PersonHours hours, DateOnly today, SKTypeface typeface, IReadOnlyList<CertificateLine> certificates)
    {
        using var title = new SKFont(typeface, 18);
        using var heading = new SKFont(typeface, 12);
        using var body = new SKFont(typeface, 9.5f);
        var pages = new List<List<PlacedText>>();
        float y = 0;
        void NewPage()
        {
            pages.Add([]);
            y = Margin;
        }

        void Place(string text, SKFont font, float x, float width, SKColor color) =>
            pages[^1].Add(new PlacedText(Fit(text, font, width), font.Size, x, y, color));

        void Line(string text, SKFont font, float height, SKColor? color = null, float x = Margin)
        {
            if (y + height > PageHeight - Margin)
            {
                NewPage();
            }

            Place(text, font, x, PageWidth - x - Margin, color ?? SKColors.Black);
            y += height;
        }

        NewPage();
        Line(t["Transcript.Title", hours.Year], title, 30, Red);
        Line($"{t["Transcript.Name"]}：{hours.Person.Name}", heading, 18);
        Line($"{t["Transcript.Organization"]}：{hours.Person.OrganizationName}", heading, 18);
        Line($"{t["Learning.Tiers"]}：{t.Label(hours.Person.Tiers)}", body, 16);
        y += 6;
        var days = Math.Floor(ComplianceEngine.Days(hours.Totals.CentralizedHours, hours.RuleSet.HoursPerDay) * 10) / 10;
        Line(t["Transcript.Summary", ComplianceText.Number(hours.Totals.TotalHours), hours.Totals.CentralizedTrainings,
            ComplianceText.Number(hours.Totals.CentralizedHours), ComplianceText.Number(days)], body, 16);
        foreach (var source in Enum.GetValues<LedgerSource>())
        {
            Line($"    {t.Label(source)}：{t["Hours.HoursValue", ComplianceText.Number(hours.Totals.HoursBySource.GetValueOrDefault(source))]}", body, 14);
        }

        y += 8;
        Line(t["Hours.Rules", hours.Year], heading, 20, Red);
        if (hours.Outcomes.Count == 0)
        {
            Line(t["Hours.NoRules"], body, 14);
        }

        foreach (var outcome in hours.Outcomes)
        {
            Line($"{t.RuleName(outcome.Rule)} — {t.Status(outcome)}", body, 14);
            Line($"    {t.Reason(outcome)}", body, 14, Grey);
        }

        y += 8;
        Line(t["Hours.Ledger"], heading, 20, Red);
        float[] columns = [Margin, Margin + 70, Margin + 320, Margin + 400, Margin + 450];
        void Row(string[] cells, SKColor color)
        {
            if (y + 14 > PageHeight - Margin)
            {
                NewPage();
            }

            for (var i = 0; i < cells.Length; i++)
            {
                var width = (i + 1 < columns.Length ? columns[i + 1] : PageWidth - Margin) - columns[i] - 4;
                Place(cells[i], body, columns[i], width, color);
            }

            y += 14;
        }

        Row([t["Ledger.Date"], t["Ledger.Title"], t["Ledger.Source"], t["Ledger.Hours"], t["Ledger.Centralized"]], Grey);
        foreach (var entry in hours.Entries)
        {
            var note = entry.ReversesEntryId is not null ? t["Ledger.ReversalOf", entry.Note].Value : entry.Note;
            Row([ComplianceText.Date(entry.Date), note, t.Label(entry.Source), ComplianceText.Number(entry.Hours),
                entry.Centralized ? t["Ledger.Yes"] : t["Ledger.No"]], SKColors.Black);
        }

        if (hours.Entries.Count == 0)
        {
            Line(t["Hours.NoLines", hours.Year], body, 14);
        }

        if (certificates.Count > 0)
        {
            y += 8;
            Line(t["Certificate.Mine"], heading, 20, Red);
            foreach (var certificate in certificates)
            {
                Line(t["Certificate.Transcript", certificate.ClassTitle, certificate.Serial, ComplianceText.Date(certificate.CompletedOn)], body, 14);
            }
        }

        y += 12;
        Line(t["Transcript.Footer", ComplianceText.Date(today), t.Label(hours.RuleSet.Preset)], body, 14, Grey);
        return pages;
    }

    /// <summary>Shortens a text that would run into the next column or out of its box, marking the cut with an ellipsis.</summary>
    internal static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        while (text.Length > 1 && font.MeasureText(text + "…") > width)
        {
            text = text[..^1];
        }

        return text + "…";
    }
}
