using System.Globalization;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using QRCoder;
using SkiaSharp;

namespace LearnHub.Web.Features.LectureHall.Classes.Certificates;

/// <summary>What a certificate says; the organizer is the class's organizing unit or the configured organizer.</summary>
public sealed record CertificateSheet(string Serial, string Name, string ClassTitle, DateOnly StartsOn, DateOnly EndsOn, decimal Hours,
    decimal CentralizedDays, string Organizer, DateOnly IssuedOn, string VerificationUrl);

/// <summary>
/// A completion certificate (结业证书) as a one-page A4 landscape PDF, in the user's language: the person, the class and
/// its dates, hours and days, the organizer with the seal when one is configured, the serial and issue date, and a QR
/// code of the public verification page. Drawn like the transcript: SkiaSharp with the CJK font cut down to its glyphs.
/// </summary>
public sealed class CertificatePdf(IStringLocalizer<SharedResource> t, IOptions<PdfOptions> pdfOptions, IOptions<CertificateOptions> options,
    TimeProvider clock)
{
    private const float PageWidth = 842;
    private const float PageHeight = 595;
    private const float QrSize = 96;
    private static readonly SKColor Red = new(179, 18, 31);
    private static readonly SKColor Gold = new(191, 144, 0);
    private static readonly SKColor Grey = new(90, 90, 90);

    public byte[] Render(CertificateSheet sheet)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        var font = CjkFont.Shared(pdfOptions.Value.FontPath);
        var texts = Layout(sheet, font.Typeface);
        var qr = QrPng(sheet.VerificationUrl);
        var seal = Seal();
        return font.Paint(texts.Select(x => x.Text), typeface => Paint(texts, typeface, qr, seal, t["Certificate.Title"], clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>A day as a certificate writes it: 2026年12月3日 in Chinese, 3 December 2026 in English.</summary>
    public string Date(DateOnly date) =>
        t["Certificate.Date", date.Year, date.Month, date.Day, date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"))];

    private List<PlacedText> Layout(CertificateSheet sheet, SKTypeface typeface)
    {
        using var title = new SKFont(typeface, 44);
        using var name = new SKFont(typeface, 22);
        using var body = new SKFont(typeface, 16);
        using var small = new SKFont(typeface, 10);
        var texts = new List<PlacedText>();
        void Centered(string text, SKFont font, float top, SKColor color) =>
            texts.Add(new PlacedText(text, font.Size, (PageWidth - font.MeasureText(text)) / 2, top, color));

        Centered(t["Certificate.Title"], title, 72, Red);
        const float left = 110;
        const float width = PageWidth - (2 * left);
        texts.Add(new PlacedText(t["Certificate.Addressee", sheet.Name], name.Size, left, 160, SKColors.Black));
        var paragraph = t["Certificate.Body", Date(sheet.StartsOn), Date(sheet.EndsOn), sheet.Organizer, sheet.ClassTitle,
            ComplianceText.Number(sheet.Hours), ComplianceText.Number(sheet.CentralizedDays)].Value;
        var top = 205f;
        foreach (var (line, index) in Wrap(paragraph, body, width, firstIndent: 2 * body.Size).Select((l, i) => (l, i)))
        {
            texts.Add(new PlacedText(line, body.Size, left + (index == 0 ? 2 * body.Size : 0), top, SKColors.Black));
            top += body.Size * 1.9f;
        }

        // The organizer and the day, right-aligned above the seal's place; the serial and the QR code bottom left.
        void Right(string text, SKFont font, float y) => texts.Add(new PlacedText(text, font.Size, PageWidth - left - font.MeasureText(text), y, SKColors.Black));
        Right(TranscriptPdf.Fit(sheet.Organizer, body, width / 2), body, 420);
        Right(Date(sheet.IssuedOn), body, 446);
        var textLeft = 70 + QrSize + 12;
        texts.Add(new PlacedText(t["Certificate.SerialLine", sheet.Serial], small.Size, textLeft, PageHeight - 70 - QrSize + 20, Grey));
        texts.Add(new PlacedText(t["Certificate.ScanToVerify"], small.Size, textLeft, PageHeight - 70 - QrSize + 40, Grey));
        texts.Add(new PlacedText(TranscriptPdf.Fit(sheet.VerificationUrl, small, PageWidth - textLeft - 70), small.Size, textLeft, PageHeight - 70 - QrSize + 56, Grey));
        return texts;
    }

    /// <summary>Breaks a paragraph to the width: Chinese between any two characters, Latin text at spaces where it can.</summary>
    internal static List<string> Wrap(string text, SKFont font, float width, float firstIndent)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var room = width - (lines.Count == 0 ? firstIndent : 0);
            var end = start;
            var lastSpace = -1;
            while (end < text.Length && font.MeasureText(text.AsSpan(start, end - start + 1)) <= room)
            {
                if (text[end] == ' ')
                {
                    lastSpace = end;
                }

                end++;
            }

            if (end < text.Length && lastSpace > start && text[end] != ' ' && !IsCjk(text[end]))
            {
                end = lastSpace;
            }

            end = Math.Max(end, start + 1);
            lines.Add(text[start..end].Trim());
            start = end;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }
        }

        return lines;
    }

    private static bool IsCjk(char c) => c >= '\u2E80';

    private byte[]? Seal()
    {
        var path = options.Value.SealImagePath;
        return path is { Length: > 0 } && File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private static byte[] QrPng(string link)
    {
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4);
    }

    private static byte[] Paint(List<PlacedText> texts, SKTypeface typeface, byte[] qr, byte[]? seal, string title, DateTime created)
    {
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata { Title = title, Author = "LearnHub", Creator = "LearnHub", Creation = created };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            using (var frame = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = Red, StrokeWidth = 4 })
            {
                canvas.DrawRect(new SKRect(22, 22, PageWidth - 22, PageHeight - 22), frame);
                frame.StrokeWidth = 1;
                frame.Color = Gold;
                canvas.DrawRect(new SKRect(32, 32, PageWidth - 32, PageHeight - 32), frame);
            }

            using var ink = new SKPaint { IsAntialias = true };
            foreach (var text in texts)
            {
                text.Draw(canvas, typeface, ink);
            }

            using (var code = SKImage.FromEncodedData(qr))
            {
                var top = PageHeight - 70 - QrSize;
                canvas.DrawImage(code, new SKRect(70, top, 70 + QrSize, top + QrSize), new SKSamplingOptions(SKFilterMode.Nearest));
            }

            // The seal goes over the organizer's name, as a stamp would; an unreadable image is left out, not a failure.
            if (seal is not null && SKImage.FromEncodedData(seal) is { } image)
            {
                using (image)
                {
                    const float size = 120;
                    var (x, y) = (PageWidth - 110 - (size * 0.9f), 420 - (size / 2) + 10);
                    canvas.DrawImage(image, new SKRect(x, y, x + size, y + size), new SKSamplingOptions(SKFilterMode.Linear));
                }
            }

            document.EndPage();
            document.Close();
        }

        return output.ToArray();
    }
}
