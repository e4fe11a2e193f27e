using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LearnHub.Media.Tools;

/// <summary>What ffprobe saw in a file.</summary>
internal sealed record ProbeResult(bool Readable, string? Error, bool HasVideo, bool HasAudio, int Width, int Height, double DurationSeconds)
{
    public string? VideoCodec { get; init; }

    public string? PixelFormat { get; init; }

    public string? AudioCodec { get; init; }

    /// <summary>The container's overall bit rate in bits per second; 0 when ffprobe does not say.</summary>
    public long BitRate { get; init; }
}

/// <summary>The one place Media runs ffmpeg and ffprobe, so tests and a future remote worker can swap it.</summary>
internal interface IFfmpeg
{
    Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellationToken);

    /// <summary>Runs ffmpeg with <c>-progress pipe:1</c>; returns null on success, else the last error line.</summary>
    Task<string?> RunAsync(IReadOnlyList<string> arguments, double durationSeconds, Func<double, Task>? progress, CancellationToken cancellationToken);

    /// <summary>Runs ffmpeg or ffprobe (<paramref name="tool"/>) as given and returns its exit code and what it wrote.</summary>
    Task<(int Exit, string Output, string Errors)> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    /// <summary>
    /// Starts an ffmpeg that runs until its input ends or it is killed (a live relay or writer): the caller
    /// streams its standard input and output and reads its log; cancelling <paramref name="cancellationToken"/> kills it.
    /// At normal priority, since a live stream cannot wait.
    /// </summary>
    FfmpegProcess Start(IReadOnlyList<string> arguments, bool standardInput, bool standardOutput, CancellationToken cancellationToken);
}

/// <summary>A long-running ffmpeg started by <see cref="IFfmpeg.Start"/>.</summary>
internal sealed class FfmpegProcess : IDisposable
{
    private readonly Process _process;
    private readonly CancellationTokenRegistration _kill;

    internal FfmpegProcess(Process process, CancellationToken cancellationToken)
    {
        _process = process;
        _kill = ToolProcess.KillOnCancel(process, cancellationToken);
    }

    /// <summary>Its standard input (when redirected).</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Its standard output (when redirected).</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Its log.</summary>
    public StreamReader Log => _process.StandardError;

    public int ExitCode => _process.ExitCode;

    /// <summary>Closes its standard input, which tells ffmpeg to finish.</summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // ffmpeg already went away; its exit says how.
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        _kill.Dispose();
        _process.Dispose();
    }
}

/// <summary>
/// Runs the binaries directly: ffprobe's JSON is easier to classify than FFMpegCore's exceptions, and a
/// multi-output HLS command with progress is awkward through FFMpegCore's argument builder.
/// </summary>
internal sealed class FfmpegRunner(FfmpegLocator locator) : IFfmpeg
{
    private string Tool(string name) => Path.Combine(locator.FindFolder() ?? throw new InvalidOperationException(FfmpegLocator.InstallHint), name);

    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var (exit, output, errors) = await RunToEndAsync(Tool("ffprobe"),
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], null, cancellationToken);
        if (exit != 0)
        {
            return new ProbeResult(false, LastLine(errors), false, false, 0, 0, 0);
        }

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        bool hasVideo = false, hasAudio = false;
        int width = 0, height = 0;
        string? videoCodec = null, pixelFormat = null, audioCodec = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                var type = stream.TryGetProperty("codec_type", out var t) ? t.GetString() : null;
                // A cover picture in an audio file is a "video" stream with attached_pic set; it is not a video.
                var attached = stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.GetInt32() == 1;
                if (type == "video" && !attached && !hasVideo)
                {
                    hasVideo = true;
                    width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
                    height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
                    videoCodec = stream.TryGetProperty("codec_name", out var c) ? c.GetString() : null;
                    pixelFormat = stream.TryGetProperty("pix_fmt", out var p) ? p.GetString() : null;
                }
                else if (type == "audio" && !hasAudio)
                {
                    hasAudio = true;
                    audioCodec = stream.TryGetProperty("codec_name", out var c) ? c.GetString() : null;
                }
            }
        }

        var duration = root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var dur)
            && double.TryParse(dur.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 0;
        var bitRate = root.TryGetProperty("format", out var f) && f.TryGetProperty("bit_rate", out var rate)
            && long.TryParse(rate.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bits) ? bits : 0;
        return new ProbeResult(true, LastLine(errors), hasVideo, hasAudio, width, height, duration)
        {
            VideoCodec = videoCodec, PixelFormat = pixelFormat, AudioCodec = audioCodec, BitRate = bitRate,
        };
    }

    public async Task<string?> RunAsync(IReadOnlyList<string> arguments, double durationSeconds, Func<double, Task>? progress, CancellationToken cancellationToken)
    {
        var all = new List<string> { "-hide_banner", "-nostdin", "-v", "error", "-y", "-progress", "pipe:1", "-nostats" };
        all.AddRange(arguments);
        Func<string, Task>? onLine = progress is null || durationSeconds <= 0 ? null : async line =>
        {
            if (line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(12), NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros))
            {
                await progress(Math.Clamp(micros / 1_000_000.0 / durationSeconds, 0, 0.99));
            }
        };
        var (exit, _, errors) = await RunToEndAsync(Tool("ffmpeg"), all, onLine, cancellationToken);
        return exit == 0 ? null : LastLine(errors) ?? $"ffmpeg exited with code {exit}.";
    }

    public Task<(int Exit, string Output, string Errors)> RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunToEndAsync(Tool(tool is "ffprobe" ? "ffprobe" : "ffmpeg"), arguments, null, cancellationToken);

    public FfmpegProcess Start(IReadOnlyList<string> arguments, bool standardInput, bool standardOutput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(Tool("ffmpeg"))
        {
            RedirectStandardInput = standardInput,
            RedirectStandardOutput = standardOutput,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new FfmpegProcess(Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start."), cancellationToken);
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    private static async Task<(int Exit, string Output, string Errors)> RunToEndAsync(
        string file, IEnumerable<string> arguments, Func<string, Task>? onLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        ToolProcess.LowerPriority(process);

        using var kill = ToolProcess.KillOnCancel(process, cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = new System.Text.StringBuilder();
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            if (onLine is null)
            {
                output.AppendLine(line);
            }
            else
            {
                await onLine(line);
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        return (process.ExitCode, output.ToString(), await errors);
    }
}
