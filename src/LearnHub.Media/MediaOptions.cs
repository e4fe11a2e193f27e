using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearnHub.Media;

/// <summary>
/// Media settings (the <c>Media</c> section): Media:MaxConcurrentJobs, Media:MaxUploadBytes, the upload quotas and
/// expiry, the slide-deck
/// limits, and for several workers on one database Media:Transcode, Media:NodeId and Media:LeaseSeconds.
/// Files live in {LearnHub:DataPath}/media.
/// </summary>
internal sealed class MediaOptions
{
    public const string Section = "Media";

    public const long DefaultMaxUploadBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>The media folder in the data folder; not a setting of its own.</summary>
    public string Root { get; private set; } = "";

    public int MaxConcurrentJobs { get; set; } = 1;

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// The most bytes one person's unfinished uploads may promise together (Media:UploadQuotaBytesPerUser,
    /// default 8 GiB: two of the largest uploads). A creation only announces its length, so without it one
    /// account could book the whole disk in a second.
    /// </summary>
    public long UploadQuotaBytesPerUser { get; set; } = 2 * DefaultMaxUploadBytes;

    /// <summary>The most bytes all unfinished uploads may promise together (Media:UploadQuotaBytes, default 64 GiB).</summary>
    public long UploadQuotaBytes { get; set; } = 16 * DefaultMaxUploadBytes;

    /// <summary>
    /// How long an unfinished upload is kept after its last received chunk (Media:UploadExpiryHours, default 24):
    /// then it and its bytes are deleted, and its promised bytes count against no quota.
    /// </summary>
    public double UploadExpiryHours { get; set; } = 24;

    public TimeSpan UploadExpiry => TimeSpan.FromHours(UploadExpiryHours);

    /// <summary>
    /// Who holds a job's lease: Media:NodeId (the host name by default) and a per-process suffix, so two
    /// workers on one host are two owners, and a restarted process never mistakes its predecessor's stale
    /// lease for its own.
    /// </summary>
    public string NodeId { get; set; } = "";

    /// <summary>Whether this node runs transcodes (Media:Transcode, default true); web-only nodes leave them to the others.</summary>
    public bool Transcode { get; set; } = true;

    /// <summary>How long a job stays its worker's without a renewal (Media:LeaseSeconds); renewed every third of it while ffmpeg runs.</summary>
    public double LeaseSeconds { get; set; } = 60;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>The key of signed media URLs (Media:UrlSigningKey, base64, the same on every node); a key file in the data folder when not set.</summary>
    public string UrlSigningKey { get; set; } = "";

    /// <summary>The largest PDF taken as a live session's slides (Media:MaxDeckBytes, default 50 MiB).</summary>
    public long MaxDeckBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The most pages such a PDF may have (Media:MaxDeckPages, default 300).</summary>
    public int MaxDeckPages { get; set; } = 300;

    /// <summary>The longer side of a rendered page in pixels (Media:DeckImageSize, default 1280: sharp on a projector, light on a phone).</summary>
    public int DeckImageSize { get; set; } = 1280;

    /// <summary>Binds the section, read when first needed, so a host (or a test) can set it after the module registered itself.</summary>
    public static void AddTo(IServiceCollection services)
    {
        services.AddOptions<MediaOptions>()
            .BindConfiguration(Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.Root = Path.Combine(Path.GetFullPath(configuration["LearnHub:DataPath"] ?? "data"), "media");
                // The options are made once per process, so the suffix is this process's for its lifetime.
                var node = options.NodeId.Length > 0 ? options.NodeId : Environment.MachineName;
                options.NodeId = $"{node}-{Guid.NewGuid().ToString("N")[..8]}";
            })
            .Validate(o => o.MaxConcurrentJobs >= 1, "Media:MaxConcurrentJobs must be at least 1.")
            .Validate(o => o.MaxUploadBytes >= 1, "Media:MaxUploadBytes must be a positive number of bytes.")
            .Validate(o => o.UploadQuotaBytesPerUser >= 1 && o.UploadQuotaBytes >= 1, "Media:UploadQuotaBytesPerUser and Media:UploadQuotaBytes must be positive numbers of bytes.")
            .Validate(o => o.UploadExpiryHours > 0, "Media:UploadExpiryHours must be positive.")
            // The lease is renewed every third of it: below 3 s that would be more than one write a second per job.
            .Validate(o => o.LeaseSeconds >= 3, "Media:LeaseSeconds must be at least 3.")
            .Validate(o => o.MaxDeckBytes >= 1, "Media:MaxDeckBytes must be a positive number of bytes.")
            .Validate(o => o.MaxDeckPages >= 1, "Media:MaxDeckPages must be at least 1.")
            .Validate(o => o.DeckImageSize is >= 320 and <= 4096, "Media:DeckImageSize must be between 320 and 4096 pixels.")
            .Validate(o => o.UrlSigningKey.Length == 0 || Convert.TryFromBase64String(o.UrlSigningKey, new byte[o.UrlSigningKey.Length], out _),
                "Media:UrlSigningKey must be base64 (or not set, for a key file in the data folder).")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{NodeId} (lease {LeaseSeconds} s)");
}
