using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>The demo's generated videos: Media:DemoVideos (default true) and Media:DemoVideoSeconds, each clip's length (2–120, default 30).</summary>
internal sealed class DemoVideoOptions
{
    public const string Section = "Media";

    public bool DemoVideos { get; set; } = true;

    public int DemoVideoSeconds { get; set; } = 30;

    /// <summary>Only in demo mode: elsewhere the settings are unused, so a bad one should not stop a start.</summary>
    public static void AddTo(IServiceCollection services) => services.AddOptions<DemoVideoOptions>()
        .BindConfiguration(Section)
        .Validate(o => o.DemoVideoSeconds is >= 2 and <= 120, "Media:DemoVideoSeconds must be between 2 and 120.")
        .ValidateOnStart();
}
