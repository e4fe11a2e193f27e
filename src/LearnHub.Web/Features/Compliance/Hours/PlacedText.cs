using SkiaSharp;

namespace LearnHub.Web.Features.Compliance.Hours;

/// <summary>A line of a PDF laid out before drawing (so the font can be cut down to its glyphs), placed by its top.</summary>
internal sealed record PlacedText(string Text, float Size, float X, float Top, SKColor Color)
{
    public void Draw(SKCanvas canvas, SKTypeface typeface, SKPaint ink)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(ink);
        using var face = new SKFont(typeface, Size);
        ink.Color = Color;
        // Skia draws text on its baseline; the layout works in line tops.
        canvas.DrawText(Text, X, Top - face.Metrics.Ascent, SKTextAlign.Left, face, ink);
    }
}
