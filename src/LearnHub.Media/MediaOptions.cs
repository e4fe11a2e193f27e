using Microsoft.Extensions.Configuration;

namespace LearnHub.Media;

/// <summary>Media settings from configuration: Media:MaxConcurrentJobs, Media:MaxUploadBytes and the data folder.</summary>
internal sealed record MediaOptions(string Root, int MaxConcurrentJobs, long MaxUploadBytes)
{
    public const long DefaultMaxUploadBytes = 4L * 1024 * 1024 * 1024;

    public static MediaOptions From(IConfiguration configuration) => new(
        Path.Combine(Path.GetFullPath(configuration["LearnHub:DataPath"] ?? "data"), "media"),
        Math.Max(1, configuration.GetValue("Media:MaxConcurrentJobs", 1)),
        configuration.GetValue("Media:MaxUploadBytes", DefaultMaxUploadBytes));
}
