using LearnHub.Media.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Media;

/// <summary>Registers the Media module.</summary>
public static class MediaModule
{
    public static IHostApplicationBuilder AddMediaModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<FfmpegLocator>();
        builder.Services.AddHealthChecks().AddCheck<FfmpegHealthCheck>("ffmpeg");
        return builder;
    }
}
