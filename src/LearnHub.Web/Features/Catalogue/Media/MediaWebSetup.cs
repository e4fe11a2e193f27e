using LearnHub.Media;
using LearnHub.Media.Streaming;
using LearnHub.Web.Hosting;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>The host's half of the media feature: catalogue rules, live progress, playback routes, demo videos.</summary>
internal static class MediaWebSetup
{
    public const string MediaViewPolicy = "MediaView";

    public static IServiceCollection AddMediaFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSignalR();
        // Registered before the media module's defaults, which it adds only when absent.
        services.AddScoped<IMediaAccess, CatalogueMediaAccess>();
        services.AddSingleton<IMediaEvents, SignalRMediaEvents>();
        services.AddScoped<LessonVideos>();
        services.AddScoped<Workspace.WorkspaceQueries>();
        services.AddSingleton<Attachments.DocumentStore>();
        services.AddScoped<Attachments.LessonAttachments>();
        services.AddAuthorizationBuilder().AddPolicy(MediaViewPolicy, policy => policy
            .AddAuthenticationSchemes(HostSetup.CookieOrBearerScheme).RequireAuthenticatedUser());
        // Whether this is a demo decides which services exist, so it is read while registering, not bound.
        if (configuration.GetValue<bool>("LearnHub:Demo"))
        {
            DemoVideoOptions.AddTo(services);
            services.AddHostedService<DemoVideos>();
        }

        return services;
    }

    /// <summary>
    /// The media module refuses an upload with the kind of refusal (a quota, the disk); the person reads it in
    /// their language, from the browser or from any tus client.
    /// </summary>
    public static async ValueTask<object?> LocalizeUploadRefusalAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { ProblemDetails: var problem }
            && problem.Extensions.TryGetValue("refusal", out var kind) && kind is string refusal)
        {
            var t = context.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Localization.SharedResource>>();
            problem.Detail = t[refusal == "DiskSpace" ? "Media.Error.NoSpace" : $"Media.Error.{refusal}"];
        }

        return result;
    }

    public static WebApplication MapMediaFeature(this WebApplication app)
    {
        app.MapMediaStreaming().RequireAuthorization(MediaViewPolicy);
        app.MapHub<MediaHub>("/hubs/media");
        return app;
    }
}
