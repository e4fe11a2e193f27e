using System.Globalization;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using QRCoder;
using SkiaSharp;

namespace LearnHub.Web.Features.Registry.Accounts;

/// <summary>
/// Activation cards on A4, eight to a page inside dashed cut lines, for a contact person to print and hand out: name,
/// mobile number, the code in large type, its expiry, three steps in Chinese and a QR code of the activation link. Each
/// organization starts on a new page. The cards are always in Chinese, whatever language the person printing them uses.
/// </summary>
public sealed class ActivationSheetPdf(IStringLocalizer<SharedResource> t, IOptions<PdfOptions> options, TimeProvider clock)
{
    // A4 in PDF points, two columns by four rows of cards.
    private const float PageWidth = 595;
    private const float PageHeight = 842;
    private const float Margin = 28;
    private const int Columns = 2;
    private const int Rows = 4;
    private const float CardWidth = (PageWidth - (2 * Margin)) / Columns;
    private const float CardHeight = (PageHeight - (2 * Margin)) / Rows;
    private const float Padding = 12;
    private const float QrSize = 92;
    private static readonly SKColor Red = new(179, 18, 31);
    private static readonly SKColor Grey = new(105, 105, 105);

    private sealed record Card(float X, float Y, byte[] Qr);

    private sealed record Page(List<PlacedText> Texts, List<Card> Cards);

    public byte[] Render(IReadOnlyList<SheetCard> cards, string publicBase)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var font = CjkFont.Shared(options.Value.FontPath);
        var previous = CultureInfo.CurrentUICulture;
        List<Page> pages;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            pages = Layout(cards, publicBase, font.Typeface);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        return font.Paint(pages.SelectMany(p => p.Texts).Select(text => text.Text), typeface => Paint(pages, typeface));
    }

    private List<Page> Layout(IReadOnlyList<SheetCard> cards, string publicBase, SKTypeface typeface)
    {
        using var small = new SKFont(typeface, 8);
        using var name = new SKFont(typeface, 15);
        using var body = new SKFont(typeface, 10);
        using var code = new SKFont(typeface, 22);
        var pages = new List<Page>();
        var slot = Columns * Rows;
        string? organization = null;
        foreach (var card in cards)
        {
            // A full page, or another organization's first card, starts a page: each organization's cards go to it alone.
            if (slot == Columns * Rows || card.Organization != organization)
            {
                pages.Add(new Page([], []));
                slot = 0;
                organization = card.Organization;
            }

            var x = Margin + (slot % Columns * CardWidth);
            var y = Margin + (slot / Columns * CardHeight);
            slot++;
            var page = pages[^1];
            page.Cards.Add(new Card(x, y, QrPng(card.Link)));
            var left = x + Padding;
            var beside = CardWidth - (2 * Padding) - QrSize - 6;
            var full = CardWidth - (2 * Padding);
            var top = y + Padding;
            void Place(string text, SKFont font, float width, SKColor color, float height)
            {
                page.Texts.Add(new PlacedText(TranscriptPdf.Fit(text, font, width), font.Size, left, top, color));
                top += height;
            }

            Place(card.Organization, small, beside, Grey, 14);
            Place(card.Name, name, beside, SKColors.Black, 22);
            Place($"{t["Accounts.Mobile"]}：{card.Mobile}", body, beside, SKColors.Black, 16);
            Place(t["Accounts.Code"], small, beside, Grey, 11);
            Place(card.Code, code, beside, Red, 28);
            Place(t["Accounts.Sheet.Expires", card.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], small, full, Grey, 16);
            Place(t["Accounts.Sheet.Step1"], small, full, SKColors.Black, 11);
            Place($"    {publicBase}{ActivationSheets.ActivationPath}", small, full, SKColors.Black, 11);
            Place(t["Accounts.Sheet.Step2"], small, full, SKColors.Black, 11);
            Place(t["Accounts.Sheet.Step3"], small, full, SKColors.Black, 11);
        }

        return pages;
    }

    private byte[] Paint(List<Page> pages, SKTypeface typeface)
    {
        using var ink = new SKPaint { IsAntialias = true };
        using var dashes = SKPathEffect.CreateDash([4, 3], 0);
        using var cut = new SKPaint { Style = SKPaintStyle.Stroke, Color = Grey, StrokeWidth = 0.5f, PathEffect = dashes };
        using var output = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = t["Accounts.Sheet.Title"], Author = "LearnHub", Creator = "LearnHub", Creation = clock.GetUtcNow().UtcDateTime,
            // Lossless (Flate) images: JPEG would blur the QR codes' module edges.
            EncodingQuality = 101,
        };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            foreach (var page in pages)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                foreach (var card in page.Cards)
                {
                    canvas.DrawRect(card.X, card.Y, CardWidth, CardHeight, cut);
                    using var qr = SKImage.FromEncodedData(card.Qr);
                    var right = card.X + CardWidth - Padding;
                    // Nearest-neighbour keeps the modules sharp for a phone camera.
                    canvas.DrawImage(qr, new SKRect(right - QrSize, card.Y + Padding, right, card.Y + Padding + QrSize), new SKSamplingOptions(SKFilterMode.Nearest));
                }

                foreach (var text in page.Texts)
                {
                    text.Draw(canvas, typeface, ink);
                }

                document.EndPage();
            }

            document.Close();
        }

        return output.ToArray();
    }

    private static byte[] QrPng(string link)
    {
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4);
    }
}
