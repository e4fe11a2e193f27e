using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearnHub.Media.Live;

/// <summary>
/// Live video settings (the <c>LiveVideo</c> section): LiveVideo:RtmpPorts ("19350-19359", one port per
/// session being broadcast), LiveVideo:ListenAddress (where ffmpeg listens for RTMP), LiveVideo:PublicHost
/// (the host name encoders are told to use; the request's host otherwise), LiveVideo:MaxMessageBytes (one
/// browser camera WebSocket message) and LiveVideo:SegmentSeconds (HLS segment length).
/// Recording parts, the live HLS and the broadcast marker live in {LearnHub:DataPath}/live/{sessionId}.
/// </summary>
public sealed class LiveVideoOptions
{
    public const string Section = "LiveVideo";

    public const int DefaultMaxMessageBytes = 1024 * 1024;

    /// <summary>One port ("19350") or a range ("19350-19359").</summary>
    public string RtmpPorts { get; set; } = "19350-19359";

    public string ListenAddress { get; set; } = "0.0.0.0";

    public string? PublicHost { get; set; }

    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    public int SegmentSeconds { get; set; } = 1;

    /// <summary>The live folder in the data folder; not a setting of its own.</summary>
    public string Root { get; private set; } = "";

    /// <summary>This node's name (LiveRoom:Node): a node resumes only the broadcasts it ingested itself.</summary>
    public string Node { get; private set; } = Environment.MachineName;

    public int FirstPort => Ports(RtmpPorts)!.Value.First;

    public int LastPort => Ports(RtmpPorts)!.Value.Last;

    public string SessionFolder(int sessionId) => Path.Combine(Root, sessionId.ToString(CultureInfo.InvariantCulture));

    public string HlsFolder(int sessionId) => Path.Combine(SessionFolder(sessionId), "hls");

    /// <summary>Binds the section, read when first needed, so a host (or a test) can set it after the engine registered itself.</summary>
    internal static void AddTo(IServiceCollection services)
    {
        services.AddOptions<LiveVideoOptions>()
            .BindConfiguration(Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.Root = Path.Combine(Path.GetFullPath(configuration["LearnHub:DataPath"] ?? "data"), "live");
                if (configuration["LiveRoom:Node"] is { Length: > 0 } node)
                {
                    options.Node = node;
                }
            })
            .Validate(o => Ports(o.RtmpPorts) is not null, "LiveVideo:RtmpPorts must be a port or a range of ports such as 19350-19359, the first no higher than the last.")
            .Validate(o => o.MaxMessageBytes >= 64 * 1024, "LiveVideo:MaxMessageBytes must be at least 65536.")
            .Validate(o => o.SegmentSeconds is >= 1 and <= 6, "LiveVideo:SegmentSeconds must be between 1 and 6.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LiveVideoOptions>>().Value);
    }

    /// <summary>The range "first-last" or the single port, or null when it is not one.</summary>
    private static (int First, int Last)? Ports(string value)
    {
        var parts = value.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return null;
        }

        return first is >= 1 and <= 65535 && last is >= 1 and <= 65535 && first <= last ? (first, last) : null;
    }
}
