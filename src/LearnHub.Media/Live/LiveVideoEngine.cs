using LearnHub.Media.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>Registers live video's engine: the ingest (RTMP ports and HLS writers), the replay join and the resume at start.</summary>
public static class LiveVideoEngine
{
    /// <summary>The host supplies <see cref="ILiveSessions"/>.</summary>
    public static IServiceCollection AddLiveVideoEngine(this IServiceCollection services)
    {
        LiveVideoOptions.AddTo(services);
        // The constructors are internal (their parts are), so the container gets factories.
        services.AddSingleton(sp => new LiveIngest(sp.GetRequiredService<LiveVideoOptions>(), sp.GetRequiredService<IFfmpeg>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LiveIngest>>()));
        services.AddScoped(sp => new LiveRecordings(sp.GetRequiredService<ILiveSessions>(), sp.GetRequiredService<MediaLibrary>(),
            sp.GetRequiredService<IFfmpeg>(), sp.GetRequiredService<LiveVideoOptions>(), sp.GetRequiredService<ILogger<LiveRecordings>>()));
        services.AddHostedService<LiveVideoResume>();
        return services;
    }
}
