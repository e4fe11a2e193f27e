using System.Diagnostics;
using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace LearnHub.Web.Tests.Support;

/// <summary>Reads QR codes as a phone's camera would: from the pixels of an image, never from the markup that drew them.</summary>
public static class QrImage
{
    /// <summary>The text of the QR code in a PNG (or any image SkiaSharp reads); null when none is found.</summary>
    public static string? Decode(byte[] image)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new InvalidDataException("Not an image.");
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                var at = ((y * bitmap.Width) + x) * 3;
                (rgb[at], rgb[at + 1], rgb[at + 2]) = (pixel.Red, pixel.Green, pixel.Blue);
            }
        }

        var source = new RGBLuminanceSource(rgb, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.RGB24);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
            new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true })?.Text;
    }

    /// <summary>The first page of a PDF as a PNG at 150 dpi (pdftoppm from poppler-utils), as a printed certificate would be scanned.</summary>
    public static async Task<byte[]> FirstPageAsync(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("learnhub-pdf-").FullName;
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, "c.pdf"), pdf);
            using (var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", Path.Combine(folder, "c.pdf"), Path.Combine(folder, "page")]))!)
            {
                await process.WaitForExitAsync();
                Assert.Equal(0, process.ExitCode);
            }

            return await File.ReadAllBytesAsync(Directory.GetFiles(folder, "page*.png").Single());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
