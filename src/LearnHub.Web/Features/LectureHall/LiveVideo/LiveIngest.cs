using System.Collections.Concurrent;
using System.Security.Cryptography;
using LearnHub.Media.Tools;

namespace LearnHub.Web.Features.LectureHall.LiveVideo;

/// <summary>
/// The live video of this process: a channel per session being broadcast, each with its own RTMP port
/// taken from the configured range. A port per session (rather than one shared port) because an ffmpeg
/// listener takes exactly one RTMP connection and cannot route by key; the port says which session, the
/// key proves the publisher may use it.
/// </summary>
public sealed class LiveIngest(LiveVideoOptions options, FfmpegLocator locator, TimeProvider clock, ILogger<LiveIngest> logger) : IAsyncDisposable
{
    public const string Playlist = "index.m3u8";

    private readonly ConcurrentDictionary<int, LiveChannel> _channels = new();
    private readonly Lock _ports = new();

    public LiveVideoOptions Options => options;

    /// <summary>A new stream key: 160 random bits, URL-safe, so it can be pasted into any encoder.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(20)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>
    /// Makes sure the session's RTMP listener runs with this key; the port, or null when the range is used
    /// up. A session this node broadcast before a restart gets its former port back when it is free, so the
    /// encoder's saved server address keeps working.
    /// </summary>
    public async Task<int?> OpenAsync(int sessionId, string key, string ownerId)
    {
        if (_channels.TryGetValue(sessionId, out var existing))
        {
            if (existing.Key != key)
            {
                await existing.ChangeKeyAsync(key);
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
                var used = _channels.Values.Select(c => c.Port).ToHashSet();
                var range = Enumerable.Range(options.FirstPort, options.LastPort - options.FirstPort + 1);
                var marker = LiveBroadcastMarker.Read(options, sessionId);
                int? port = marker is { Ended: false } && marker.Node == options.Node && range.Contains(marker.Port) && !used.Contains(marker.Port)
                    ? marker.Port
                    : range.Cast<int?>().FirstOrDefault(p => !used.Contains(p!.Value));
                if (port is null)
                {
                    logger.LogWarning("No free RTMP port in {First}-{Last} for session {Session}.", options.FirstPort, options.LastPort, sessionId);
                    return null;
                }

                // A playlist left by an interrupted run of this lecture is continued (append_list numbers on
                // and marks the seam, so players carry on); one without a live marker is stale.
                var hls = options.HlsFolder(sessionId);
                if (marker is not { Ended: false } && Directory.Exists(hls))
                {
                    Directory.Delete(hls, recursive: true);
                }

                new LiveBroadcastMarker(port.Value, options.Node, marker is { Ended: false } ? marker.OwnerId : ownerId, Ended: false).Write(options, sessionId);
                channel = new LiveChannel(sessionId, port.Value, key, Ffmpeg(), options, clock, logger);
                _channels[sessionId] = channel;
            }
        }

        channel.StartRtmp();
        return channel.Port;
    }

    public int? PortOf(int sessionId) => _channels.TryGetValue(sessionId, out var channel) ? channel.Port : null;

    /// <summary>Whether players can start: a source is sending and the first segment is listed.</summary>
    public bool IsLive(int sessionId) =>
        _channels.TryGetValue(sessionId, out var channel) && channel.Receiving && File.Exists(Path.Combine(options.HlsFolder(sessionId), Playlist));

    public bool IsOpen(int sessionId) => _channels.ContainsKey(sessionId);

    /// <summary>The browser camera takes over the session's video; null when the session is not open or a camera already sends.</summary>
    internal async Task<(LiveChannel Channel, HlsWriter Writer)?> BeginBrowserAsync(int sessionId) =>
        _channels.TryGetValue(sessionId, out var channel) && await channel.BeginBrowserAsync() is { } writer ? (channel, writer) : null;

    /// <summary>
    /// The lecture ended: the marker says so first (a restart from here on finishes the replay instead of
    /// listening again), then the session's processes stop, which completes every recording part, and its
    /// port is freed. The parts stay in the session's folder for <see cref="LiveReplays"/>.
    /// </summary>
    public async Task CloseAsync(int sessionId, string ownerId)
    {
        var marker = LiveBroadcastMarker.Read(options, sessionId);
        if (marker is not null || RecordingParts(options, sessionId).Count > 0)
        {
            (marker is null ? new LiveBroadcastMarker(0, options.Node, ownerId, Ended: true) : marker with { Ended = true }).Write(options, sessionId);
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

        var hls = options.HlsFolder(sessionId);
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

    private string Ffmpeg() =>
        locator.FindFolder() is { } folder ? Path.Combine(folder, "ffmpeg") : throw new InvalidOperationException(FfmpegLocator.InstallHint);
}
