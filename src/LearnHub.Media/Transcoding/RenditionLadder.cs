namespace LearnHub.Media.Transcoding;

/// <summary>One HLS variant: its frame size and the bit rates ffmpeg aims for.</summary>
internal sealed record Rendition(int Width, int Height, int VideoKbps, int AudioKbps)
{
    public string Name => $"{Height}p";

    /// <summary>The BANDWIDTH a player sees in the master playlist, with headroom for container overhead.</summary>
    public int Bandwidth => (int)((VideoKbps + AudioKbps) * 1000 * 1.1);
}

/// <summary>Chooses the HLS ladder for a source: 360p and 720p, 1080p for sources that tall, never upscaled.</summary>
internal static class RenditionLadder
{
    private static readonly (int Height, int VideoKbps)[] Rungs = [(360, 800), (720, 2800), (1080, 5000)];

    /// <summary>
    /// Whether the source can be cut into HLS segments as it is (-c copy) while the ladder is encoded:
    /// H.264 in 4:2:0 that every HLS player decodes, AAC or no sound, no larger and no richer than the
    /// top rung. Such a lesson becomes playable in seconds instead of after a full encode.
    /// </summary>
    public static bool CanServeAsIs(Tools.ProbeResult probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var top = Rungs[^1];
        return probe is { HasVideo: true, VideoCodec: "h264", PixelFormat: "yuv420p" or "yuvj420p" }
            && (!probe.HasAudio || probe.AudioCodec == "aac")
            && probe.Height <= top.Height && probe.Width <= top.Height * 16 / 9
            && probe.BitRate > 0 && probe.BitRate <= (long)((top.VideoKbps + 128) * 1000 * 1.2);
    }

    public static IReadOnlyList<Rendition> For(int sourceWidth, int sourceHeight)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceHeight), "The source has no frame size.");
        }

        var ladder = Rungs.Where(r => r.Height <= sourceHeight)
            .Select(r => new Rendition(EvenWidth(sourceWidth, sourceHeight, r.Height), r.Height, r.VideoKbps, 128))
            .ToList();
        if (ladder.Count == 0)
        {
            // Smaller than the lowest rung: one rendition at the source's own (even) size.
            var height = sourceHeight - (sourceHeight % 2);
            ladder.Add(new Rendition(EvenWidth(sourceWidth, sourceHeight, height), height, 400, 96));
        }

        return ladder;
    }

    // H.264 in 4:2:0 needs even dimensions.
    private static int EvenWidth(int sourceWidth, int sourceHeight, int height)
    {
        var width = (int)Math.Round(sourceWidth * (double)height / sourceHeight);
        return Math.Max(2, width - (width % 2));
    }
}
