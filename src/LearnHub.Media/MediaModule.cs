using LearnHub.DataAccess;
using LearnHub.Media.Data;
using LearnHub.Media.Decks;
using LearnHub.Media.Storage;
using LearnHub.Media.Streaming;
using LearnHub.Media.Tools;
using LearnHub.Media.Transcoding;
using LearnHub.Media.Upload;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LearnHub.Media;

/// <summary>Registers the Media module.</summary>
public static class MediaModule
{
    public static IHostApplicationBuilder AddMediaModule(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<FfmpegLocator>();
        services.AddHealthChecks().AddCheck<FfmpegHealthCheck>("ffmpeg");
        services.TryAddSingleton(TimeProvider.System);
        MediaOptions.AddTo(services);
        MediaStorageOptions.AddTo(services);
        services.AddProviderContexts<MediaDbContext, SqliteMediaDbContext, PostgresMediaDbContext>(MediaDbContext.HistoryTable);
        services.AddSingleton<IMediaStorage>(sp => MediaStorageFactory.Create(
            sp.GetRequiredService<IOptions<MediaStorageOptions>>().Value, sp.GetRequiredService<MediaOptions>()));
        services.AddSingleton<IFfmpeg, FfmpegRunner>();
        services.AddSingleton<TranscodeSignal>();
        services.AddScoped<UploadValidator>();
        services.AddScoped<ResumableUploads>();
        services.AddHostedService<UploadExpiryWorker>();
        services.AddScoped<Transcoder>();
        // The constructor is internal (its parts are), so the container gets a factory.
        services.AddScoped(sp => new MediaLibrary(sp.GetRequiredService<MediaDbContext>(), sp.GetRequiredService<IMediaStorage>(),
            sp.GetRequiredService<MediaUrlSigner>(), sp.GetRequiredService<UploadValidator>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<TranscodeWorker>();
        // The host's meter factory, added here too for hosts built without the defaults (tools, tests).
        services.AddMetrics();
        services.AddHostedService<TranscodeMetrics>();
        services.AddSingleton<Poppler>();
        services.AddSingleton<SlideDeckQueue>();
        services.AddScoped(sp => new SlideDecks(sp.GetRequiredService<MediaDbContext>(), sp.GetRequiredService<IMediaStorage>(),
            sp.GetRequiredService<Poppler>(), sp.GetRequiredService<SlideDeckQueue>(), sp.GetRequiredService<MediaOptions>(),
            sp.GetRequiredService<ISlideDeckEvents>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<SlideDeckWorker>();
        services.TryAddSingleton<ISlideDeckEvents, NoSlideDeckEvents>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<MediaOptions>();
            var key = MediaUrlSigner.LoadKey(options.UrlSigningKey,
                Path.Combine(Path.GetDirectoryName(options.Root)!, "keys", "media-url.key"));
            return new MediaUrlSigner(key, sp.GetRequiredService<TimeProvider>());
        });
        // Web replaces this with its SignalR-backed implementation.
        services.TryAddSingleton<IMediaEvents, NoMediaEvents>();
        services.TryAddSingleton<IMediaDeliveries, NoMediaDeliveries>();
        services.AddSingleton<SegmentTimeline>();
        // Web replaces this with the catalogue's rules (course lecturer, published courses).
        services.TryAddScoped<IMediaAccess, AdminOnlyMediaAccess>();
        return builder;
    }

    /// <summary>Creates or upgrades the module's tables.</summary>
    public static async Task MigrateMediaAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MediaDbContext>().Database.MigrateAsync(cancellationToken);
        if (scope.ServiceProvider.GetRequiredService<IMediaStorage>() is S3MediaStorage bucket)
        {
            await bucket.EnsureBucketAsync(cancellationToken);
        }
    }
}
