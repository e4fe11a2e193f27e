using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LearnHub.Media;

/// <summary>
/// Media settings from configuration: Media:MaxConcurrentJobs, Media:MaxUploadBytes, the data folder,
/// and for several workers on one database Media:NodeId and Media:LeaseSeconds.
/// </summary>
internal sealed record MediaOptions(string Root, int MaxConcurrentJobs, long MaxUploadBytes)
{
    public const long DefaultMaxUploadBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Who holds a job's lease: the host and a per-process suffix, so two workers on one host are two
    /// owners, and a restarted process never mistakes its predecessor's stale lease for its own.
    /// </summary>
    public string NodeId { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Whether this node runs transcodes (Media:Transcode, default true); web-only nodes leave them to the others.</summary>
    public bool Transcodes { get; init; } = true;

    /// <summary>How long a job stays its worker's without a renewal; renewed every third of it while ffmpeg runs.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest PDF taken as a live session's slides (Media:MaxDeckBytes, default 50 MiB).</summary>
    public long MaxDeckBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>The most pages such a PDF may have (Media:MaxDeckPages, default 300).</summary>
    public int MaxDeckPages { get; init; } = 300;

    /// <summary>The longer side of a rendered page in pixels (Media:DeckImageSize, default 1280: sharp on a projector, light on a phone).</summary>
    public int DeckImageSize { get; init; } = 1280;

    public static MediaOptions From(IConfiguration configuration) => new(
        Path.Combine(Path.GetFullPath(configuration["LearnHub:DataPath"] ?? "data"), "media"),
        Math.Max(1, configuration.GetValue("Media:MaxConcurrentJobs", 1)),
        configuration.GetValue("Media:MaxUploadBytes", DefaultMaxUploadBytes))
    {
        NodeId = configuration["Media:NodeId"] is { Length: > 0 } node
            ? $"{node}-{Guid.NewGuid().ToString("N")[..8]}"
            : $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}",
        Lease = TimeSpan.FromSeconds(Math.Max(3, configuration.GetValue("Media:LeaseSeconds", 60.0))),
        Transcodes = configuration.GetValue("Media:Transcode", true),
        MaxDeckBytes = Math.Max(1, configuration.GetValue("Media:MaxDeckBytes", 50L * 1024 * 1024)),
        MaxDeckPages = Math.Max(1, configuration.GetValue("Media:MaxDeckPages", 300)),
        DeckImageSize = Math.Clamp(configuration.GetValue("Media:DeckImageSize", 1280), 320, 4096),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{NodeId} (lease {Lease.TotalSeconds} s)");
}
