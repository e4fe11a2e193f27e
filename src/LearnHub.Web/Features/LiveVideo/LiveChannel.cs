using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LearnHub.Web.Features.LiveVideo;

/// <summary>
/// The live video of one session: an ffmpeg listening on the session's RTMP port, or a browser camera
/// feeding the same HLS writer. One source at a time: the browser camera pauses the RTMP listener.
/// </summary>
internal sealed partial class LiveChannel(int sessionId, int port, string key, string ffmpeg, LiveVideoOptions options, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private CancellationTokenSource? _rtmpStop;
    private Task _rtmp = Task.CompletedTask;
    private HlsWriter? _browser;
    private readonly CancellationTokenSource _closing = new();
    private volatile bool _receiving;

    public int SessionId { get; } = sessionId;

    /// <summary>Cancelled when the lecture ends: a browser camera still sending stops on it.</summary>
    public CancellationToken Closing => _closing.Token;

    public int Port { get; } = port;

    public string Key { get; private set; } = key;

    /// <summary>Whether a source is sending right now (an encoder past the key check, or the browser camera).</summary>
    public bool Receiving => _receiving;

    public bool BrowserActive
    {
        get
        {
            lock (_gate)
            {
                return _browser is not null;
            }
        }
    }

    public void Close() => _closing.Cancel();

    public void Dispose()
    {
        _closing.Dispose();
        _rtmpStop?.Dispose();
    }

    public void StartRtmp()
    {
        lock (_gate)
        {
            if (_rtmpStop is not null || _browser is not null || _closing.IsCancellationRequested)
            {
                return;
            }

            _rtmpStop = new CancellationTokenSource();
            var stop = _rtmpStop.Token;
            _rtmp = Task.Run(() => ListenLoopAsync(stop), CancellationToken.None);
        }
    }

    public async Task StopRtmpAsync()
    {
        CancellationTokenSource? stop;
        Task running;
        lock (_gate)
        {
            stop = _rtmpStop;
            running = _rtmp;
            _rtmpStop = null;
        }

        if (stop is not null)
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }

    /// <summary>A new key: the listener restarts with it, cutting off whoever publishes with the old one.</summary>
    public async Task ChangeKeyAsync(string newKey)
    {
        var wasListening = _rtmpStop is not null;
        await StopRtmpAsync();
        Key = newKey;
        if (wasListening)
        {
            StartRtmp();
        }
    }

    /// <summary>Starts the browser camera's writer (WebM in, always encoded); null when one is already running.</summary>
    public async Task<HlsWriter?> BeginBrowserAsync()
    {
        lock (_gate)
        {
            if (_browser is not null)
            {
                return null;
            }
        }

        await StopRtmpAsync();
        lock (_gate)
        {
            if (_browser is not null)
            {
                return null;
            }

            _browser = HlsWriter.Start(ffmpeg, options, SessionId, "webm", transcode: true);
            _receiving = true;
            return _browser;
        }
    }

    /// <summary>The browser camera stopped: the writer finishes and, unless the lecture ended, the RTMP listener comes back.</summary>
    public async Task EndBrowserAsync(HlsWriter writer)
    {
        var errors = await writer.FinishAsync(Grace);
        if (errors.Length > 0)
        {
            logger.LogInformation("Browser camera of session {Session} ended: {Errors}", SessionId, Trim(errors));
        }

        lock (_gate)
        {
            if (_browser == writer)
            {
                _browser = null;
                _receiving = false;
            }
        }

        StartRtmp();
    }

    private async Task ListenLoopAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var connected = false;
            try
            {
                connected = await ListenOnceAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The RTMP listener of session {Session} failed; it restarts.", SessionId);
            }

            // A listener that ends without anyone connecting (the port taken by another program) must not
            // spin: back off up to 30 s. After a refused key or a finished stream it is back at once.
            failures = connected ? 0 : failures + 1;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 300 * (1 << Math.Min(failures, 7)))), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One publish: ffmpeg accepts one RTMP connection. It only warns when the published stream name
    /// differs from the one it listens for, so the key is enforced here: the warning comes before ffmpeg
    /// reports the input, and nothing is forwarded to the writer until the input is reported without it.
    /// </summary>
    /// <returns>Whether an encoder connected (refused or not).</returns>
    private async Task<bool> ListenOnceAsync(CancellationToken stop)
    {
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var url = string.Create(CultureInfo.InvariantCulture, $"rtmp://{options.ListenAddress}:{Port}/live/{Key}");
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-analyzeduration", "1000000",
                     "-listen", "1", "-i", url, "-map", "0", "-c", "copy", "-f", "mpegts", "pipe:1",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var listener = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        await using var kill = stop.Register(() => Kill(listener));
        HlsWriter? writer = null;
        Task pump = Task.CompletedTask;
        string? videoCodec = null;
        var refused = false;
        string? last = null;
        while (await listener.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
        {
            last = line;
            logger.LogDebug("RTMP listener of session {Session}: {Line}", SessionId, line);
            if (writer is null && !refused)
            {
                if (line.Contains("Unexpected stream", StringComparison.Ordinal))
                {
                    refused = true;
                    logger.LogWarning("Refused an RTMP publish to session {Session} on port {Port}: unknown or stale stream key.", SessionId, Port);
                    Kill(listener);
                    continue;
                }

                if (VideoStream().Match(line) is { Success: true } match)
                {
                    videoCodec ??= match.Groups[1].Value;
                }
                else if (line.StartsWith("Output #0", StringComparison.Ordinal))
                {
                    var transcode = !string.Equals(videoCodec, "h264", StringComparison.Ordinal);
                    logger.LogInformation("Session {Session} is receiving RTMP ({Codec}, {Mode}).", SessionId, videoCodec ?? "no video", transcode ? "encoded" : "copied");
                    writer = HlsWriter.Start(ffmpeg, options, SessionId, "mpegts", transcode);
                    _receiving = true;
                    pump = PumpAsync(listener.StandardOutput.BaseStream, writer.Input);
                }
            }
        }

        await listener.WaitForExitAsync(CancellationToken.None);
        await pump;
        if (writer is not null)
        {
            var errors = await writer.FinishAsync(Grace);
            _receiving = false;
            logger.LogInformation("RTMP stream of session {Session} ended. {Errors}", SessionId, Trim(errors));
        }
        else if (!refused && !stop.IsCancellationRequested)
        {
            logger.LogWarning("The RTMP listener of session {Session} on port {Port} stopped: {Error}", SessionId, Port, last);
        }

        return writer is not null || refused;
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, 64 * 1024);
            await to.FlushAsync();
        }
        catch (IOException e)
        {
            logger.LogInformation("The RTMP stream of session {Session} stopped flowing: {Message}", SessionId, e.Message);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Trim(string text) => text.Length > 500 ? text[..500] : text.Trim();

    [GeneratedRegex(@"Stream #0:\d+.*?: Video: (\w+)")]
    private static partial Regex VideoStream();
}
