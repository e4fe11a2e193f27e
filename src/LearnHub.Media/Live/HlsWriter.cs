using System.Globalization;
using LearnHub.Media.Tools;

namespace LearnHub.Media.Live;

/// <summary>
/// One ffmpeg that reads a live stream on its standard input and writes the session's live HLS
/// (short segments, a short sliding playlist) and, beside it, a recording of the input as it came.
/// Both ways in (RTMP and the browser camera) end here, so players see one playlist whatever the source.
/// </summary>
internal sealed class HlsWriter
{
    private readonly FfmpegProcess _process;
    private readonly Task<string> _stderr;

    private HlsWriter(FfmpegProcess process, string recording)
    {
        _process = process;
        Recording = recording;
        _stderr = process.Log.ReadToEndAsync();
    }

    /// <summary>Recording parts: named by their UTC start, so name order is recording order.</summary>
    public const string PartPattern = "recording-*.mkv";

    /// <summary>The recording part this run writes (Matroska holds H.264/AAC and VP8/VP9/Opus alike).</summary>
    public string Recording { get; }

    public Stream Input => _process.Input;

    private const string StampFormat = "yyyyMMddHHmmssfff";

    /// <summary>
    /// The new part's name stamp: now, or just after the latest part when the clock reads earlier (set back,
    /// or standing still under a test), so that name order stays recording order and no part is overwritten.
    /// </summary>
    private static string PartStamp(LiveVideoOptions options, int sessionId, DateTime now)
    {
        var latest = LiveIngest.RecordingParts(options, sessionId).Select(p => Path.GetFileNameWithoutExtension(p)["recording-".Length..])
            .Select(s => DateTime.TryParseExact(s, StampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? t : DateTime.MinValue)
            .DefaultIfEmpty(DateTime.MinValue).Max();
        return (now > latest ? now : latest.AddMilliseconds(1)).ToString(StampFormat, CultureInfo.InvariantCulture);
    }

    public static HlsWriter Start(IFfmpeg ffmpeg, LiveVideoOptions options, int sessionId, string inputFormat, bool transcode, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(ffmpeg);
        ArgumentNullException.ThrowIfNull(clock);
        var hls = options.HlsFolder(sessionId);
        Directory.CreateDirectory(hls);
        var recording = Path.Combine(options.SessionFolder(sessionId), $"recording-{PartStamp(options, sessionId, clock.GetUtcNow().UtcDateTime)}.mkv");
        // A second of probing is enough to find H.264/AAC in the listener's MPEG-TS; the default five seconds
        // would keep a lecture off the screen for that long after the encoder connects.
        string[] head = ["-hide_banner", "-nostats", "-loglevel", "error", "-fflags", "+genpts", "-analyzeduration", "1000000",
            "-f", inputFormat, "-i", "pipe:0"];
        string[] map = ["-map", "0:v:0", "-map", "0:a:0?"];
        var seconds = options.SegmentSeconds.ToString(CultureInfo.InvariantCulture);
        // H.264 in is segmented as it is (the encoder's keyframes cut the segments); anything else is encoded
        // with a keyframe every segment and no look-ahead, so a segment is ready as soon as its time has passed.
        string[] codecs = transcode
            ?
            [
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-vf", "scale=-2:'trunc(min(720,ih)/2)*2'", "-crf", "23", "-maxrate", "2500k", "-bufsize", "2500k",
                "-force_key_frames", $"expr:gte(t,n_forced*{seconds})", "-c:a", "aac", "-b:a", "128k", "-ar", "48000",
            ]
            : ["-c", "copy"];
        // append_list keeps numbering across a reconnect and discont_start marks the seam; omit_endlist keeps
        // players polling while an encoder reconnects. delete_segments bounds the disk a long lecture takes.
        string[] output =
        [
            "-f", "hls", "-hls_time", seconds, "-hls_list_size", "6",
            "-hls_flags", "delete_segments+append_list+discont_start+omit_endlist+independent_segments+temp_file",
            "-hls_segment_filename", Path.Combine(hls, "seg%06d.ts"), Path.Combine(hls, LiveIngest.Playlist),
        ];
        string[] record = ["-map", "0:v:0", "-map", "0:a:0?", "-c", "copy", "-f", "matroska", recording];
        return new HlsWriter(ffmpeg.Start([.. head, .. map, .. codecs, .. output, .. record], standardInput: true, standardOutput: false, CancellationToken.None), recording);
    }

    /// <summary>Ends the input so ffmpeg finishes the last segment and the recording; kills it if it does not.</summary>
    public async Task<string> FinishAsync(TimeSpan grace)
    {
        _process.CloseInput();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        var errors = await _stderr;
        _process.Dispose();
        return errors;
    }
}
