using LearnHub.Courses.Ledger;
using LearnHub.Courses.Rules;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace LearnHub.Web.Features.Hours;

/// <summary>A trainee's training-hour transcript (学时证明) for one year as a PDF, in the user's language.</summary>
public sealed class TranscriptPdf(IStringLocalizer<SharedResource> t, IConfiguration configuration)
{
    private const double Margin = 50;
    private static readonly XColor Red = XColor.FromArgb(179, 18, 31);

    public byte[] Render(PersonHours hours, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(hours);
        CjkFont.Install(configuration["Pdf:FontPath"]);
        var title = new XFont(CjkFont.Family, 18);
        var heading = new XFont(CjkFont.Family, 12);
        var body = new XFont(CjkFont.Family, 9.5);
        using var document = new PdfDocument();
        document.Info.Title = t["Transcript.Title", hours.Year];
        document.Info.Author = "LearnHub";

        PdfPage page = null!;
        XGraphics graphics = null!;
        double y = 0;
        void NewPage()
        {
            graphics?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            graphics = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        void Line(string text, XFont font, double height, XBrush? brush = null, double x = Margin)
        {
            if (y + height > page.Height.Point - Margin)
            {
                NewPage();
            }

            graphics.DrawString(text, font, brush ?? XBrushes.Black, new XRect(x, y, page.Width.Point - x - Margin, height), XStringFormats.TopLeft);
            y += height;
        }

        NewPage();
        Line(t["Transcript.Title", hours.Year], title, 30, new XSolidBrush(Red));
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
        Line(t["Hours.Rules", hours.Year], heading, 20, new XSolidBrush(Red));
        if (hours.Outcomes.Count == 0)
        {
            Line(t["Hours.NoRules"], body, 14);
        }

        foreach (var outcome in hours.Outcomes)
        {
            Line($"{t.RuleName(outcome.Rule)} — {t.Status(outcome)}", body, 14);
            Line($"    {t.Reason(outcome)}", body, 14, XBrushes.DimGray);
        }

        y += 8;
        Line(t["Hours.Ledger"], heading, 20, new XSolidBrush(Red));
        double[] columns = [Margin, Margin + 70, Margin + 320, Margin + 400, Margin + 450];
        void Row(string[] cells, XFont font, XBrush brush)
        {
            if (y + 14 > page.Height.Point - Margin)
            {
                NewPage();
            }

            for (var i = 0; i < cells.Length; i++)
            {
                var width = (i + 1 < columns.Length ? columns[i + 1] : page.Width.Point - Margin) - columns[i] - 4;
                graphics.DrawString(Fit(cells[i], font, width), font, brush, new XRect(columns[i], y, width, 14), XStringFormats.TopLeft);
            }

            y += 14;
        }

        Row([t["Ledger.Date"], t["Ledger.Title"], t["Ledger.Source"], t["Ledger.Hours"], t["Ledger.Centralized"]], body, XBrushes.DimGray);
        foreach (var entry in hours.Entries)
        {
            var note = entry.ReversesEntryId is not null ? t["Ledger.ReversalOf", entry.Note].Value : entry.Note;
            Row([ComplianceText.Date(entry.Date), note, t.Label(entry.Source), ComplianceText.Number(entry.Hours),
                entry.Centralized ? t["Ledger.Yes"] : t["Ledger.No"]], body, XBrushes.Black);
        }

        if (hours.Entries.Count == 0)
        {
            Line(t["Hours.NoLines", hours.Year], body, 14);
        }

        y += 12;
        Line(t["Transcript.Footer", ComplianceText.Date(today), t.Label(hours.RuleSet.Preset)], body, 14, XBrushes.DimGray);
        graphics.Dispose();

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();

        string Fit(string text, XFont font, double width)
        {
            if (graphics.MeasureString(text, font).Width <= width)
            {
                return text;
            }

            while (text.Length > 1 && graphics.MeasureString(text + "…", font).Width > width)
            {
                text = text[..^1];
            }

            return text + "…";
        }
    }
}
