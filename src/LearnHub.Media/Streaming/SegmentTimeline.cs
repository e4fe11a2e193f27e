using System.Collections.Concurrent;
using System.Globalization;
using LearnHub.Media.Storage;

namespace LearnHub.Media.Streaming;

/// <summary>
/// Where each HLS segment sits in its video, read from the rendition's playlist (#EXTINF durations
/// added up). Every rendition folder holds its own index.m3u8 beside its segments. Published
/// playlists never change (a new video is a new asset), so each is read once and kept, up to a bound.
/// </summary>
internal sealed class SegmentTimeline(IMediaStorage storage)
{
    private const int MaxPlaylists = 4096;

    private readonly ConcurrentDictionary<(Guid Asset, string Folder), Dictionary<string, (double Start, double End)>> _playlists = new();

    /// <summary>The stretch of media the segment at <paramref name="path"/> holds; null for anything that is not a listed segment.</summary>
    public async Task<(double Start, double End)?> SpanAsync(Guid assetId, string path, CancellationToken cancellationToken)
    {
        var slash = path.LastIndexOf('/');
        var folder = slash < 0 ? "" : path[..slash];
        var name = slash < 0 ? path : path[(slash + 1)..];
        if (!_playlists.TryGetValue((assetId, folder), out var segments))
        {
            segments = await ReadAsync(assetId, folder, cancellationToken);
            if (segments is null)
            {
                return null;
            }

            if (_playlists.Count >= MaxPlaylists)
            {
                _playlists.Clear();
            }

            _playlists[(assetId, folder)] = segments;
        }

        return segments.TryGetValue(name, out var span) ? span : null;
    }

    private async Task<Dictionary<string, (double, double)>?> ReadAsync(Guid assetId, string folder, CancellationToken cancellationToken)
    {
        var stored = await storage.OpenReadAsync(assetId, folder.Length == 0 ? "index.m3u8" : folder + "/index.m3u8", cancellationToken);
        if (stored is null)
        {
            return null;
        }

        string text;
        await using (stored.Content)
        {
            using var reader = new StreamReader(stored.Content);
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        // A live playlist is still growing: it is not kept, so its later segments are found next time.
        if (!text.Contains("#EXT-X-ENDLIST", StringComparison.Ordinal))
        {
            return null;
        }

        var segments = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        var position = 0.0;
        double? duration = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..].Split(',')[0];
                duration = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : null;
            }
            else if (line.Length > 0 && !line.StartsWith('#') && duration is { } length)
            {
                segments[line] = (position, position + length);
                position += length;
                duration = null;
            }
        }

        return segments;
    }
}
