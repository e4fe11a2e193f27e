using System.Text.Json;

namespace LearnHub.Media.Live;

/// <summary>
/// What survives a restart of the node that ingests a session's video, kept beside its recording parts
/// (<c>live/{sessionId}/broadcast.json</c>): the RTMP port encoders were told to use, the node that took
/// it, who opened the broadcast (the replay's owner) and whether the lecture ended (its replay is due).
/// Written to a temporary file and moved into place, so a crash never leaves half of it.
/// </summary>
public sealed record LiveBroadcastMarker(int Port, string Node, string OwnerId, bool Ended)
{
    private const string FileName = "broadcast.json";

    public static string PathOf(LiveVideoOptions options, int sessionId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Path.Combine(options.SessionFolder(sessionId), FileName);
    }

    public static LiveBroadcastMarker? Read(LiveVideoOptions options, int sessionId)
    {
        var path = PathOf(options, sessionId);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<LiveBroadcastMarker>(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(LiveVideoOptions options, int sessionId)
    {
        var path = PathOf(options, sessionId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(LiveVideoOptions options, int sessionId) => File.Delete(PathOf(options, sessionId));

    /// <summary>The sessions this data folder holds a broadcast marker for.</summary>
    public static IEnumerable<int> Sessions(LiveVideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(options.Root)
            .Where(d => File.Exists(Path.Combine(d, FileName)))
            .Select(d => int.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .Order()
            .ToList();
    }
}
