using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using SkiaSharp;

namespace LearnHub.Web.Features.Learning.Watching;

/// <summary>
/// Shows an attention check's code to a person and not to a script: drawn as a picture with every
/// digit turned, shifted and crossed by lines, freshly each time it is fetched; and, for screen-reader
/// users, spoken over noise. The code itself never leaves the server as text.
/// </summary>
public static class CheckCodePicture
{
    public const int Width = 220;
    public const int Height = 80;

    public static byte[] Png(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(246, 244, 238));
        using var noise = new SKPaint { IsAntialias = true, StrokeWidth = 1.5f, Style = SKPaintStyle.Stroke };
        for (var i = 0; i < 7; i++)
        {
            noise.Color = Shade(150, 60);
            canvas.DrawLine(Next(Width), Next(Height), Next(Width), Next(Height), noise);
        }

        using var ink = new SKPaint
        {
            IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round,
        };
        var step = (Width - 30f) / code.Length;
        for (var i = 0; i < code.Length; i++)
        {
            ink.Color = Shade(20, 70);
            ink.StrokeWidth = 3.5f + Next(2);
            canvas.Save();
            canvas.Translate(22 + (i * step) + Next(10), 14 + Next(10));
            canvas.RotateDegrees(Next(40) - 20, 15, 25);
            canvas.Skew((Next(40) - 20) / 100f, 0);
            var scale = 26 + Next(8);
            foreach (var stroke in Strokes[code[i] - '0'])
            {
                using var builder = new SKPathBuilder();
                for (var p = 0; p < stroke.Length; p += 2)
                {
                    // Every point a little off, so no two drawings of a digit are the same shape.
                    var x = (stroke[p] * scale) + Next(4) - 2;
                    var y = (stroke[p + 1] * scale) + Next(4) - 2;
                    if (p == 0)
                    {
                        builder.MoveTo(x, y);
                    }
                    else
                    {
                        builder.LineTo(x, y);
                    }
                }

                using var path = builder.Detach();
                canvas.DrawPath(path, ink);
            }

            canvas.Restore();
        }

        // Lines over the digits as well, so a clean threshold does not separate them.
        noise.StrokeWidth = 2;
        for (var i = 0; i < 3; i++)
        {
            noise.Color = Shade(40, 80);
            using var builder = new SKPathBuilder();
            builder.MoveTo(0, Next(Height));
            builder.CubicTo(Next(Width), Next(Height), Next(Width), Next(Height), Width, Next(Height));
            using var path = builder.Detach();
            canvas.DrawPath(path, noise);
        }

        using var dots = new SKPaint();
        for (var i = 0; i < 400; i++)
        {
            dots.Color = Shade(60, 150);
            canvas.DrawPoint(Next(Width), Next(Height), dots);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    // The digits as strokes on a 1 × 1.6 box, drawn by the picture itself: no font is needed, and
    // the shapes are not those a text recogniser was trained on.
    private static readonly float[][][] Strokes =
    [
        [[0.5f, 0, 0.85f, 0.3f, 0.9f, 0.8f, 0.85f, 1.3f, 0.5f, 1.6f, 0.15f, 1.3f, 0.1f, 0.8f, 0.15f, 0.3f, 0.5f, 0]],
        [[0.25f, 0.35f, 0.55f, 0, 0.55f, 1.6f]],
        [[0.1f, 0.35f, 0.3f, 0.05f, 0.7f, 0.05f, 0.9f, 0.35f, 0.85f, 0.65f, 0.1f, 1.6f, 0.95f, 1.6f]],
        [[0.1f, 0.1f, 0.85f, 0.1f, 0.45f, 0.7f, 0.85f, 0.9f, 0.9f, 1.3f, 0.6f, 1.6f, 0.1f, 1.45f]],
        [[0.7f, 1.6f, 0.7f, 0, 0.05f, 1.1f, 0.95f, 1.1f]],
        [[0.85f, 0, 0.15f, 0, 0.1f, 0.7f, 0.6f, 0.6f, 0.9f, 0.95f, 0.85f, 1.4f, 0.5f, 1.6f, 0.1f, 1.45f]],
        [[0.8f, 0.05f, 0.4f, 0.2f, 0.12f, 0.8f, 0.15f, 1.35f, 0.5f, 1.6f, 0.85f, 1.35f, 0.85f, 1.0f, 0.5f, 0.8f, 0.15f, 1.0f]],
        [[0.05f, 0, 0.95f, 0, 0.4f, 1.6f]],
        [[0.5f, 0, 0.85f, 0.2f, 0.85f, 0.55f, 0.5f, 0.75f, 0.15f, 0.55f, 0.15f, 0.2f, 0.5f, 0],
            [0.5f, 0.75f, 0.9f, 1.0f, 0.9f, 1.4f, 0.5f, 1.6f, 0.1f, 1.4f, 0.1f, 1.0f, 0.5f, 0.75f]],
        [[0.85f, 0.6f, 0.5f, 0.8f, 0.15f, 0.6f, 0.15f, 0.2f, 0.5f, 0, 0.85f, 0.2f, 0.85f, 0.6f, 0.75f, 1.2f, 0.4f, 1.6f, 0.15f, 1.5f]],
    ];

    private static float Next(int max) => RandomNumberGenerator.GetInt32(0, max * 100) / 100f;

    private static SKColor Shade(int from, int range)
    {
        var v = (byte)(from + RandomNumberGenerator.GetInt32(0, range));
        return new SKColor(v, (byte)Math.Min(255, v + RandomNumberGenerator.GetInt32(0, 40)), (byte)Math.Min(255, v + RandomNumberGenerator.GetInt32(0, 40)));
    }
}

/// <summary>
/// The spoken form of a check's code, for people who cannot see the picture: espeak-ng reads the
/// digits (in Mandarin, or English for an English page) with pauses, and noise is mixed in so the
/// waveform is not a clean template. Null when espeak-ng is not installed.
/// </summary>
public sealed partial class CheckCodeSpeech(ILogger<CheckCodeSpeech> logger)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>The code spoken in the language of the page being served (English pages in English, the rest in Mandarin).</summary>
    public Task<byte[]?> ForPageAsync(string code, CancellationToken cancellationToken) =>
        WavAsync(code, System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en", cancellationToken);

    public async Task<byte[]?> WavAsync(string code, bool english, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-v", english ? "en" : "cmn", "-s", "120", "-g", "12", "--stdout", string.Join(english ? ", " : "，", code.ToCharArray()) })
        {
            start.ArgumentList.Add(argument);
        }

        byte[] wav;
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Limit);
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await copy;
            await errors;
            if (process.ExitCode != 0)
            {
                return null;
            }

            wav = output.ToArray();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            LogMissing(logger, e);
            return null;
        }

        return WithNoise(wav);
    }

    /// <summary>Rewrites espeak-ng's streamed WAV (its sizes unknown when written) as a complete one, with noise mixed in.</summary>
    internal static byte[]? WithNoise(byte[] wav)
    {
        var data = IndexOf(wav, "data"u8);
        if (wav.Length < 44 || data < 0 || BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)) != 16)
        {
            return null;
        }

        var channels = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22));
        var rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
        var pcm = wav.AsSpan(data + 8);
        var samples = new byte[pcm.Length - (pcm.Length % 2)];
        for (var i = 0; i < samples.Length; i += 2)
        {
            var sample = BinaryPrimitives.ReadInt16LittleEndian(pcm[i..]) + RandomNumberGenerator.GetInt32(-900, 900);
            BinaryPrimitives.WriteInt16LittleEndian(samples.AsSpan(i), (short)Math.Clamp(sample, short.MinValue, short.MaxValue));
        }

        var result = new byte[44 + samples.Length];
        "RIFF"u8.CopyTo(result);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(4), 36 + samples.Length);
        "WAVEfmt "u8.CopyTo(result.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(22), channels);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(28), rate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(32), (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(result.AsSpan(34), 16);
        "data"u8.CopyTo(result.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(40), samples.Length);
        samples.CopyTo(result.AsSpan(44));
        return result;
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> tag)
    {
        var found = bytes.AsSpan(12).IndexOf(tag);
        return found < 0 ? -1 : found + 12;
    }

    [LoggerMessage(LogLevel.Warning, "espeak-ng could not be run: attention checks have no spoken code")]
    private static partial void LogMissing(ILogger logger, Exception exception);
}
