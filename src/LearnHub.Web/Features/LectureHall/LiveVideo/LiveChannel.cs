using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LearnHub.Web.Features.LectureHall.LiveVideo;

/// <summary>
/// The live video of one session: its RTMP port (each connection relayed to an ffmpeg of its own that
/// checks the key), or a browser camera feeding the same HLS writer. One source at a time: the browser
/// camera pauses the RTMP port.
/// </summary>
internal sealed partial class LiveChannel(int sessionId, int port, string key, string ffmpeg, LiveVideoOptions options, TimeProvider clock, ILogger logger) : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    /// <summary>How long a connection may take to publish before it is dropped (OBS needs well under a second).</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connections being checked or publishing at once, per remote address and per session.</summary>
    private const int MaxAttemptsPerAddress = 8;
    private const int MaxAttempts = 24;

    private readonly List<Task> _attempts = [];
    private readonly Dictionary<IPAddress, int> _open = [];
    private Process? _publisher;
    private Task _publisherDone = Task.CompletedTask;
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

            _browser = HlsWriter.Start(ffmpeg, options, SessionId, "webm", transcode: true, clock);
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

    /// <summary>
    /// LearnHub itself listens on the session's port and gives every connection its own ffmpeg listener on a
    /// loopback port, joined by a byte relay. So no connection waits for another: a wrong key, or a client
    /// that connects and never speaks, occupies only its own ffmpeg, and the lecturer's encoder is checked
    /// alongside. The port stays open between attempts (no gap while a listener restarts), and it closes
    /// with this process, so a crash leaves no ffmpeg holding it.
    /// </summary>
    private async Task ListenLoopAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var listener = new TcpListener(IPAddress.Parse(options.ListenAddress), Port);
            try
            {
                listener.Start();
                failures = 0;
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(stop);
                    Track(Task.Run(() => AttemptAsync(client, stop), CancellationToken.None));
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                // The port taken by another program: try again, backing off up to 30 s.
                failures++;
                logger.LogWarning("The RTMP port {Port} of session {Session} cannot be opened: {Message}", Port, SessionId, e.Message);
            }
            finally
            {
                listener.Stop();
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 300 * (1 << Math.Min(failures, 7)))), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Every attempt stops on the same token; a publisher's recording is complete once they are done.
        Task[] running;
        lock (_gate)
        {
            running = [.. _attempts];
        }

        await Task.WhenAll(running);
    }

    private void Track(Task attempt)
    {
        lock (_gate)
        {
            _attempts.Add(attempt);
        }

        _ = attempt.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _attempts.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// One connection: refused at once when its address already has <see cref="MaxAttemptsPerAddress"/>
    /// attempts open (or the session <see cref="MaxAttempts"/>), otherwise relayed to an ffmpeg listener of its
    /// own until its key is checked. ffmpeg only warns when the published stream name differs from the one it
    /// listens for, so the key is enforced here: the warning comes before ffmpeg reports the input, and nothing
    /// is forwarded to the writer until the input is reported without it. A connection that has not published
    /// within <see cref="HandshakeTimeout"/> is dropped.
    /// </summary>
    private async Task AttemptAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        var remote = (client.Client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (!Admit(remote))
        {
            logger.LogWarning("Refused an RTMP connection to session {Session} from {Remote}: too many attempts open.", SessionId, remote);
            return;
        }

        try
        {
            await RelayAsync(client, remote, stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "An RTMP connection to session {Session} from {Remote} failed.", SessionId, remote);
        }
        finally
        {
            Release(remote);
        }
    }

    private async Task RelayAsync(TcpClient client, IPAddress remote, CancellationToken stop)
    {
        var inner = FreeLoopbackPort();
        var info = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var url = string.Create(CultureInfo.InvariantCulture, $"rtmp://127.0.0.1:{inner}/live/{Key}");
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-analyzeduration", "1000000",
                     "-listen", "1", "-i", url, "-map", "0", "-c", "copy", "-f", "mpegts", "pipe:1",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var listener = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        using var relayStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        await using var kill = relayStop.Token.Register(() => Kill(listener));
        using var upstream = await ConnectAsync(inner, relayStop.Token);
        if (upstream is null)
        {
            Kill(listener);
            await listener.WaitForExitAsync(CancellationToken.None);
            return;
        }

        var relay = Task.WhenAll(
            CopyAsync(client.GetStream(), upstream.GetStream(), relayStop.Token),
            CopyAsync(upstream.GetStream(), client.GetStream(), relayStop.Token));
        var publishing = false;
        using var handshake = new Timer(_ =>
        {
            if (!Volatile.Read(ref publishing))
            {
                logger.LogWarning("Dropped an RTMP connection to session {Session} from {Remote}: nothing published within {Seconds} s.", SessionId, remote, HandshakeTimeout.TotalSeconds);
                Kill(listener);
            }
        }, null, HandshakeTimeout, Timeout.InfiniteTimeSpan);

        HlsWriter? writer = null;
        Task pump = Task.CompletedTask;
        TaskCompletionSource? done = null;
        string? videoCodec = null;
        var refused = false;
        while (await listener.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
        {
            logger.LogDebug("RTMP listener of session {Session}: {Line}", SessionId, line);
            if (writer is not null || refused)
            {
                continue;
            }

            if (line.Contains("Unexpected stream", StringComparison.Ordinal))
            {
                refused = true;
                logger.LogWarning("Refused an RTMP publish to session {Session} from {Remote}: unknown or stale stream key.", SessionId, remote);
                Kill(listener);
            }
            else if (VideoStream().Match(line) is { Success: true } match)
            {
                videoCodec ??= match.Groups[1].Value;
            }
            else if (line.StartsWith("Output #0", StringComparison.Ordinal))
            {
                Volatile.Write(ref publishing, true);
                done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await TakeOverAsync(listener, done.Task);
                var transcode = !string.Equals(videoCodec, "h264", StringComparison.Ordinal);
                logger.LogInformation("Session {Session} is receiving RTMP from {Remote} ({Codec}, {Mode}).", SessionId, remote, videoCodec ?? "no video", transcode ? "encoded" : "copied");
                writer = HlsWriter.Start(ffmpeg, options, SessionId, "mpegts", transcode, clock);
                _receiving = true;
                pump = PumpAsync(listener.StandardOutput.BaseStream, writer.Input);
            }
        }

        await listener.WaitForExitAsync(CancellationToken.None);
        await relayStop.CancelAsync();
        await pump;
        await relay;
        if (writer is not null)
        {
            var errors = await writer.FinishAsync(Grace);
            lock (_gate)
            {
                if (_publisher == listener)
                {
                    _publisher = null;
                    _receiving = false;
                }
            }

            done?.TrySetResult();
            logger.LogInformation("RTMP stream of session {Session} ended. {Errors}", SessionId, Trim(errors));
        }
    }

    /// <summary>
    /// The newest publisher with the right key wins: an encoder that reconnects may leave its old
    /// connection half-open, and that one is cut off. Its writer finishes first, so the two never write
    /// the playlist at once.
    /// </summary>
    private async Task TakeOverAsync(Process listener, Task done)
    {
        Process? previous;
        Task previousDone;
        lock (_gate)
        {
            previous = _publisher;
            previousDone = _publisherDone;
            _publisher = listener;
            _publisherDone = done;
        }

        if (previous is not null)
        {
            logger.LogInformation("A new RTMP publish to session {Session} replaces the one before it.", SessionId);
            Kill(previous);
            try
            {
                await previousDone.WaitAsync(Grace + Grace);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("The previous RTMP publish to session {Session} did not finish in time.", SessionId);
            }
        }
    }

    private bool Admit(IPAddress remote)
    {
        lock (_gate)
        {
            var fromRemote = _open.GetValueOrDefault(remote);
            if (fromRemote >= MaxAttemptsPerAddress || _open.Values.Sum() >= MaxAttempts)
            {
                return false;
            }

            _open[remote] = fromRemote + 1;
            return true;
        }
    }

    private void Release(IPAddress remote)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(remote, out var count) && count > 1)
            {
                _open[remote] = count - 1;
            }
            else
            {
                _open.Remove(remote);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Connects to the attempt's ffmpeg once it listens (it takes a moment to start).</summary>
    private static async Task<TcpClient?> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            var upstream = new TcpClient { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return upstream;
            }
            catch (SocketException)
            {
                upstream.Dispose();
                await Task.Delay(20, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                upstream.Dispose();
                return null;
            }
        }

        return null;
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, 16 * 1024, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side went away; the other side's copy and ffmpeg's exit end the attempt.
        }
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
