using Microsoft.Extensions.Configuration;
using System.Globalization;

namespace LearnHub.Media.Live;

/// <summary>
/// Live video settings: LiveVideo:RtmpPorts ("19350-19359", one port per session being broadcast),
/// LiveVideo:ListenAddress (where ffmpeg listens for RTMP), LiveVideo:PublicHost (the host name
/// encoders are told to use; the request's host otherwise), LiveVideo:MaxMessageBytes (one browser
/// camera WebSocket message) and LiveVideo:SegmentSeconds (HLS segment length).
/// Recording parts, the live HLS and the broadcast marker live in {LearnHub:DataPath}/live/{sessionId}.
/// </summary>
public sealed record LiveVideoOptions(string Root, int FirstPort, int LastPort, string ListenAddress, string? PublicHost, int MaxMessageBytes, int SegmentSeconds)
{
    public const int DefaultMaxMessageBytes = 1024 * 1024;

    public static LiveVideoOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var ports = (configuration["LiveVideo:RtmpPorts"] ?? "19350-19359").Split('-', StringSplitOptions.TrimEntries);
        var first = int.Parse(ports[0], CultureInfo.InvariantCulture);
        var last = ports.Length > 1 ? int.Parse(ports[1], CultureInfo.InvariantCulture) : first;
        return new LiveVideoOptions(
            Path.Combine(Path.GetFullPath(configuration["LearnHub:DataPath"] ?? "data"), "live"),
            first,
            Math.Max(first, last),
            configuration["LiveVideo:ListenAddress"] ?? "0.0.0.0",
            configuration["LiveVideo:PublicHost"],
            Math.Max(64 * 1024, configuration.GetValue("LiveVideo:MaxMessageBytes", DefaultMaxMessageBytes)),
            Math.Clamp(configuration.GetValue("LiveVideo:SegmentSeconds", 1), 1, 6))
        {
            Node = configuration["LiveRoom:Node"] is { Length: > 0 } node ? node : Environment.MachineName,
        };
    }

    /// <summary>This node's name (LiveRoom:Node): a node resumes only the broadcasts it ingested itself.</summary>
    public string Node { get; init; } = Environment.MachineName;

    public string SessionFolder(int sessionId) => Path.Combine(Root, sessionId.ToString(CultureInfo.InvariantCulture));

    public string HlsFolder(int sessionId) => Path.Combine(SessionFolder(sessionId), "hls");
}
