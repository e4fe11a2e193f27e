using System.Globalization;
using LearnHub.Media.Storage;

namespace LearnHub.Web.Tests.Support;

/// <summary>
/// Fetches a playback's media the way a player does: the master playlist from the URL the playback
/// was given, its first rendition's playlist, and the segments for a stretch of media. The segments
/// fetched are what the server takes as evidence that the media reached the player.
/// </summary>
internal sealed class HlsPlayer
{
    private readonly HttpClient _client;
    private readonly Uri _rendition;
    private readonly List<(string Name, double Start, double End)> _segments;
    private readonly HashSet<string> _fetched = [];

    private HlsPlayer(HttpClient client, Uri rendition, List<(string, double, double)> segments)
    {
        _client = client;
        _rendition = rendition;
        _segments = segments;
    }

    public static async Task<HlsPlayer> OpenAsync(HttpClient client, string source)
    {
        // A client of a real server (tests/…/Deployment) has its address; the test server's clients are http://localhost.
        var master = new Uri(client.BaseAddress ?? new Uri("http://localhost"), source);
        var variant = (await client.GetStringAsync(master)).Split('\n').Select(l => l.Trim()).First(l => l.Length > 0 && !l.StartsWith('#'));
        var rendition = new Uri(master, variant);
        var segments = new List<(string, double, double)>();
        var position = 0.0;
        double? length = null;
        foreach (var line in (await client.GetStringAsync(rendition)).Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                length = double.Parse(line[8..].Split(',')[0], CultureInfo.InvariantCulture);
            }
            else if (line.Length > 0 && !line.StartsWith('#') && length is { } l)
            {
                segments.Add((line, position, position + l));
                position += l;
                length = null;
            }
        }

        return new HlsPlayer(client, rendition, segments);
    }

    public int Fetched => _fetched.Count;

    /// <summary>Fetches (once) every segment overlapping [from, to).</summary>
    public async Task FetchAsync(double from, double to)
    {
        foreach (var (name, start, end) in _segments.Where(s => s.End > from && s.Start < to))
        {
            if (_fetched.Add(name))
            {
                using var response = await _client.GetAsync(new Uri(_rendition, name));
                response.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>
    /// Publishes a small HLS ladder of one rendition for an asset, as the transcoder leaves it: segments
    /// of <paramref name="segmentSeconds"/> (the last one shorter) adding up to <paramref name="seconds"/>.
    /// </summary>
    public static async Task PublishAsync(IMediaStorage storage, Guid assetId, double seconds, double segmentSeconds = 4)
    {
        var folder = storage.CreateWorkFolder(assetId);
        Directory.CreateDirectory(Path.Combine(folder, "v0"));
        await File.WriteAllTextAsync(Path.Combine(folder, "master.m3u8"),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=320x180\nv0/index.m3u8\n");
        var playlist = new System.Text.StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        var index = 0;
        for (var start = 0.0; start < seconds; start += segmentSeconds, index++)
        {
            var name = $"segment_{index:000}.ts";
            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{Math.Min(segmentSeconds, seconds - start):0.000000},\n{name}\n");
            await File.WriteAllBytesAsync(Path.Combine(folder, "v0", name), new byte[188]);
        }

        playlist.Append("#EXT-X-ENDLIST\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "v0", "index.m3u8"), playlist.ToString());
        await storage.PublishAsync(assetId, folder, CancellationToken.None);
    }
}
