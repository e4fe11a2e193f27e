using System.Net;
using System.Net.Sockets;
using LearnHub.Media.Tools;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>
/// The live video of one session: its RTMP port (<see cref="RtmpPort"/>), each connection admitted
/// (<see cref="RtmpAdmission"/>) and relayed to an ffmpeg of its own that checks the key (<see cref="RtmpRelay"/>),
/// or a browser camera feeding the same HLS writer; <see cref="LiveSources"/> keeps it to one source at a time,
/// and the browser camera pauses the RTMP port.
/// </summary>
internal sealed class LiveChannel : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly IFfmpeg _ffmpeg;
    private readonly LiveVideoOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _portGate = new();
    private RtmpPort? _port;
    private readonly RtmpAdmission _admission = new();
    private readonly RtmpRelay _relay;
    private readonly LiveSources _sources;
    private readonly SemaphoreSlim _switch = new(1, 1);
    private readonly CancellationTokenSource _closing = new();

    /// <param name="port">The RTMP port, already opened; null when none could be, and only the browser camera can send.</param>
    public LiveChannel(int sessionId, (int Port, TcpListener Listener)? port, string key, IFfmpeg ffmpeg, LiveVideoOptions options, TimeProvider clock, ILogger logger)
    {
        SessionId = sessionId;
        Key = key;
        _ffmpeg = ffmpeg;
        _options = options;
        _clock = clock;
        _logger = logger;
        if (port is { } opened)
        {
            _port = NewPort(opened.Port, opened.Listener);
        }

        _relay = new RtmpRelay(ffmpeg, RtmpRelay.DefaultHandshakeTimeout, logger);
        _sources = new LiveSources(Grace, logger);
    }

    public int SessionId { get; }

    /// <summary>Cancelled when the lecture ends: a browser camera still sending stops on it.</summary>
    public CancellationToken Closing => _closing.Token;

    public int? Port
    {
        get
        {
            lock (_portGate)
            {
                return _port?.Port;
            }
        }
    }

    /// <summary>Gives a channel that had no RTMP port the one opened now.</summary>
    public void AttachPort(int port, TcpListener listener)
    {
        lock (_portGate)
        {
            if (_port is not null)
            {
                listener.Dispose();
                return;
            }

            _port = NewPort(port, listener);
        }
    }

    private RtmpPort NewPort(int port, TcpListener listener) => new(IPAddress.Parse(_options.ListenAddress), port, AttemptAsync, _logger, listener);

    private RtmpPort? CurrentPort
    {
        get
        {
            lock (_portGate)
            {
                return _port;
            }
        }
    }

    public string Key { get; private set; }

    /// <summary>Whether a source is sending right now (an encoder past the key check, or the browser camera).</summary>
    public bool Receiving => _sources.Receiving;

    public bool BrowserActive => _sources.BrowserActive;

    public void Close() => _closing.Cancel();

    public void Dispose()
    {
        _closing.Dispose();
        _switch.Dispose();
        CurrentPort?.Dispose();
    }

    public void StartRtmp()
    {
        if (_sources.BrowserActive || _closing.IsCancellationRequested)
        {
            return;
        }

        CurrentPort?.Start();
    }

    public Task StopRtmpAsync() => CurrentPort?.StopAsync() ?? Task.CompletedTask;

    /// <summary>A new key: the listener restarts with it, cutting off whoever publishes with the old one.</summary>
    public async Task ChangeKeyAsync(string newKey)
    {
        var wasListening = CurrentPort?.Listening ?? false;
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
        if (_sources.BrowserActive)
        {
            return null;
        }

        await _switch.WaitAsync();
        try
        {
            await StopRtmpAsync();
            var camera = new object();
            if (!_sources.TryBeginBrowser(camera))
            {
                return null;
            }

            var writer = HlsWriter.Start(_ffmpeg, _options, SessionId, "webm", transcode: true, _clock);
            _browser = (camera, writer);
            return writer;
        }
        finally
        {
            _switch.Release();
        }
    }

    private (object Camera, HlsWriter Writer)? _browser;

    /// <summary>The browser camera stopped: the writer finishes and, unless the lecture ended, the RTMP listener comes back.</summary>
    public async Task EndBrowserAsync(HlsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var errors = await writer.FinishAsync(Grace);
        if (errors.Length > 0)
        {
            _logger.LogInformation("Browser camera of session {Session} ended: {Errors}", SessionId, Trim(errors));
        }

        if (_browser is { } browser && browser.Writer == writer)
        {
            _browser = null;
            _sources.EndBrowser(browser.Camera);
        }

        StartRtmp();
    }

    /// <summary>One connection: refused at once when admission has no place for it, otherwise relayed and key-checked.</summary>
    private async Task AttemptAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        var remote = (client.Client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        if (!_admission.Admit(remote))
        {
            _logger.LogWarning("Refused an RTMP connection to session {Session} from {Remote}: too many attempts open.", SessionId, remote);
            return;
        }

        try
        {
            var label = $"{remote} (session {SessionId})";
            await _relay.RunAsync(client.GetStream(), Key, label, PublishAsync, stop);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "An RTMP connection to session {Session} from {Remote} failed.", SessionId, remote);
        }
        finally
        {
            _admission.Release(remote);
        }
    }

    /// <summary>A publish with the right key: it takes over the session and its stream goes to a writer until it ends.</summary>
    private async Task PublishAsync(RtmpPublish publish)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _sources.TakeOverAsync(publish, done.Task);
            var transcode = !string.Equals(publish.VideoCodec, "h264", StringComparison.Ordinal);
            _logger.LogInformation("Session {Session} is receiving RTMP ({Codec}, {Mode}).", SessionId, publish.VideoCodec ?? "no video", transcode ? "encoded" : "copied");
            var writer = HlsWriter.Start(_ffmpeg, _options, SessionId, "mpegts", transcode, _clock);
            _sources.Sending();
            await PumpAsync(publish.Output, writer.Input);
            var errors = await writer.FinishAsync(Grace);
            _sources.Ended(publish);
            _logger.LogInformation("RTMP stream of session {Session} ended. {Errors}", SessionId, Trim(errors));
        }
        finally
        {
            done.TrySetResult();
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
            _logger.LogInformation("The RTMP stream of session {Session} stopped flowing: {Message}", SessionId, e.Message);
        }
    }

    private static string Trim(string text) => text.Length > 500 ? text[..500] : text.Trim();
}
