using System.Collections.Concurrent;
using System.Security.Cryptography;
using LearnHub.Media.Tools;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>
/// The live video of this process: a channel per session being broadcast, each with its own RTMP port
/// taken from the configured range. A port per session (rather than one shared port) because an ffmpeg
/// listener takes exactly one RTMP connection and cannot route by key; the port says which session, the
/// key proves the publisher may use it.
/// </summary>
public sealed class LiveIngest : IAsyncDisposable
{
    private readonly LiveVideoOptions _options;
    private readonly IFfmpeg _ffmpeg;
    private readonly TimeProvider _clock;
    private readonly ILogger<LiveIngest> _logger;

    internal LiveIngest(LiveVideoOptions options, IFfmpeg ffmpeg, TimeProvider clock, ILogger<LiveIngest> logger)
    {
        _options = options;
        _ffmpeg = ffmpeg;
        _clock = clock;
        _logger = logger;
    }

    public const string Playlist = "index.m3u8";

    private readonly ConcurrentDictionary<int, LiveChannel> _channels = new();
    private readonly Lock _ports = new();

    public LiveVideoOptions Options => _options;

    /// <summary>A new stream key: 160 random bits, URL-safe, so it can be pasted into any encoder.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(20)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>
    /// Makes sure the session's RTMP listener runs with this key; the port, or null when no port of the range
    /// can be opened (ours all in use, or held by other programs): the browser camera still works then. A port
    /// another program holds is passed over for the next one, so the console never shows an address that does
    /// not answer. A session this node broadcast before a restart gets its former port back when it is free, so
    /// the encoder's saved server address keeps working.
    /// </summary>
    public async Task<int?> OpenAsync(int sessionId, string key, string ownerId)
    {
        if (_channels.TryGetValue(sessionId, out var existing))
        {
            if (existing.Key != key)
            {
                await existing.ChangeKeyAsync(key);
            }

            lock (_ports)
            {
                // A channel that found no port when it opened tries again: the other program may have let go.
                if (existing.Port is null && OpenPort(sessionId, preferred: null) is { } opened)
                {
                    existing.AttachPort(opened.Port, opened.Listener);
                    new LiveBroadcastMarker(opened.Port, _options.Node, ownerId, Ended: false).Write(_options, sessionId);
                }
            }

            existing.StartRtmp();
            return existing.Port;
        }

        LiveChannel channel;
        lock (_ports)
        {
            if (_channels.TryGetValue(sessionId, out var raced))
            {
                channel = raced;
            }
            else
            {
                var marker = LiveBroadcastMarker.Read(_options, sessionId);
                var port = OpenPort(sessionId, marker is { Ended: false } && marker.Node == _options.Node ? marker.Port : null);

                // A playlist left by an interrupted run of this lecture is continued (append_list numbers on
                // and marks the seam, so players carry on); one without a live marker is stale.
                var hls = _options.HlsFolder(sessionId);
                if (marker is not { Ended: false } && Directory.Exists(hls))
                {
                    Directory.Delete(hls, recursive: true);
                }

                new LiveBroadcastMarker(port?.Port ?? 0, _options.Node, marker is { Ended: false } ? marker.OwnerId : ownerId, Ended: false).Write(_options, sessionId);
                channel = new LiveChannel(sessionId, port, key, _ffmpeg, _options, _clock, _logger);
                _channels[sessionId] = channel;
            }
        }

        channel.StartRtmp();
        return channel.Port;
    }

    /// <summary>
    /// Opens the first port of the range that no channel here uses and no other program holds, trying
    /// <paramref name="preferred"/> first; null when there is none. Called under the ports lock.
    /// </summary>
    private (int Port, System.Net.Sockets.TcpListener Listener)? OpenPort(int sessionId, int? preferred)
    {
        var used = _channels.Values.Select(c => c.Port).OfType<int>().ToHashSet();
        var range = Enumerable.Range(_options.FirstPort, _options.LastPort - _options.FirstPort + 1).ToList();
        var address = System.Net.IPAddress.Parse(_options.ListenAddress);
        var candidates = preferred is { } former && range.Contains(former) ? range.Prepend(former).Distinct() : range;
        foreach (var port in candidates.Where(p => !used.Contains(p)))
        {
            if (RtmpPort.TryBind(address, port, _logger) is { } listener)
            {
                return (port, listener);
            }
        }

        _logger.LogWarning("No RTMP port in {First}-{Last} could be opened for session {Session}; only the browser camera can broadcast it.",
            _options.FirstPort, _options.LastPort, sessionId);
        return null;
    }

    public int? PortOf(int sessionId) => _channels.TryGetValue(sessionId, out var channel) ? channel.Port : null;

    /// <summary>Whether players can start: a source is sending and the first segment is listed.</summary>
    public bool IsLive(int sessionId) =>
        _channels.TryGetValue(sessionId, out var channel) && channel.Receiving && File.Exists(Path.Combine(_options.HlsFolder(sessionId), Playlist));

    public bool IsOpen(int sessionId) => _channels.ContainsKey(sessionId);

    /// <summary>The session's broadcast was ended here (its marker says so) and nothing has opened it since.</summary>
    public bool HasEnded(int sessionId) => !IsOpen(sessionId) && LiveBroadcastMarker.Read(_options, sessionId) is { Ended: true };

    /// <summary>The browser camera takes over the session's video; null when the session is not open or a camera already sends.</summary>
    internal async Task<(LiveChannel Channel, HlsWriter Writer)?> BeginBrowserAsync(int sessionId) =>
        _channels.TryGetValue(sessionId, out var channel) && await channel.BeginBrowserAsync() is { } writer ? (channel, writer) : null;

    /// <summary>
    /// The lecture ended: the marker says so first (a restart from here on finishes the replay instead of
    /// listening again), then the session's processes stop, which completes every recording part, and its
    /// port is freed. The parts stay in the session's folder for <see cref="LiveRecordings"/>.
    /// </summary>
    public async Task CloseAsync(int sessionId, string ownerId)
    {
        var marker = LiveBroadcastMarker.Read(_options, sessionId);
        if (marker is not null || RecordingParts(_options, sessionId).Count > 0)
        {
            (marker is null ? new LiveBroadcastMarker(0, _options.Node, ownerId, Ended: true) : marker with { Ended = true }).Write(_options, sessionId);
        }

        if (_channels.TryRemove(sessionId, out var channel))
        {
            channel.Close();
            await channel.StopRtmpAsync();
            // A browser camera still sending stops on Closing; wait for its recording to be finished.
            for (var i = 0; i < 150 && channel.BrowserActive; i++)
            {
                await Task.Delay(100);
            }

            channel.Dispose();
        }

        var hls = _options.HlsFolder(sessionId);
        if (Directory.Exists(hls))
        {
            Directory.Delete(hls, recursive: true);
        }
    }

    /// <summary>The session's recording parts in the order they were started (their names carry the UTC start time).</summary>
    public static IReadOnlyList<string> RecordingParts(LiveVideoOptions options, int sessionId)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = options.SessionFolder(sessionId);
        return Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, HlsWriter.PartPattern).Order(StringComparer.Ordinal)]
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Close();
            await channel.StopRtmpAsync();
            channel.Dispose();
        }

        _channels.Clear();
    }
}
