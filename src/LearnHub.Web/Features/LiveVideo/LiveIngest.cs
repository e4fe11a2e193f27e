using System.Collections.Concurrent;
using System.Security.Cryptography;
using LearnHub.Media.Tools;

namespace LearnHub.Web.Features.LiveVideo;

/// <summary>
/// The live video of this process: a channel per session being broadcast, each with its own RTMP port
/// taken from the configured range. A port per session (rather than one shared port) because an ffmpeg
/// listener takes exactly one RTMP connection and cannot route by key; the port says which session, the
/// key proves the publisher may use it.
/// </summary>
public sealed class LiveIngest(LiveVideoOptions options, FfmpegLocator locator, ILogger<LiveIngest> logger) : IAsyncDisposable
{
    public const string Playlist = "index.m3u8";

    private readonly ConcurrentDictionary<int, LiveChannel> _channels = new();
    private readonly Lock _ports = new();

    public LiveVideoOptions Options => options;

    /// <summary>A new stream key: 160 random bits, URL-safe, so it can be pasted into any encoder.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(20)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    /// <summary>Makes sure the session's RTMP listener runs with this key; the port, or null when the range is used up.</summary>
    public async Task<int?> OpenAsync(int sessionId, string key)
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
                var port = Enumerable.Range(options.FirstPort, options.LastPort - options.FirstPort + 1).Cast<int?>().FirstOrDefault(p => !used.Contains(p!.Value));
                if (port is null)
                {
                    logger.LogWarning("No free RTMP port in {First}-{Last} for session {Session}.", options.FirstPort, options.LastPort, sessionId);
                    return null;
                }

                // A playlist left by an earlier run (a restart mid-lecture) would be appended to; start clean.
                var hls = options.HlsFolder(sessionId);
                if (Directory.Exists(hls))
                {
                    Directory.Delete(hls, recursive: true);
                }

                channel = new LiveChannel(sessionId, port.Value, key, Ffmpeg(), options, logger);
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

    /// <summary>Stops the session's video, frees its port and returns its recording parts in order.</summary>
    public async Task<IReadOnlyList<string>> CloseAsync(int sessionId)
    {
        if (!_channels.TryRemove(sessionId, out var channel))
        {
            return [];
        }

        channel.Close();
        await channel.StopRtmpAsync();
        // A browser camera still sending stops on Closing; wait for its recording to be finished.
        for (var i = 0; i < 150 && channel.BrowserActive; i++)
        {
            await Task.Delay(100);
        }

        var hls = options.HlsFolder(sessionId);
        if (Directory.Exists(hls))
        {
            Directory.Delete(hls, recursive: true);
        }

        var recordings = channel.Recordings.Where(File.Exists).ToList();
        channel.Dispose();
        return recordings;
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
