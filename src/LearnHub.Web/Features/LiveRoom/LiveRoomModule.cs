using LearnHub.Courses.Live;

namespace LearnHub.Web.Features.LiveRoom;

/// <summary>Registers the live room: SignalR, the in-memory rooms and the hub's endpoint.</summary>
internal static class LiveRoomModule
{
    public static WebApplicationBuilder AddLiveRoom(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveRoomRegistry>();
        builder.Services.AddHostedService<OpenPresenceCloser>();
        return builder;
    }

    public static WebApplication MapLiveRoom(this WebApplication app)
    {
        app.MapHub<LiveRoomHub>(LiveRoomHub.Path);
        return app;
    }
}

/// <summary>
/// Connections that were open when the process stopped never got their leave: close them at start-up,
/// so their presence ends (at the restart) instead of staying open forever.
/// </summary>
internal sealed class OpenPresenceCloser(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LiveLectures>().CloseAllAsync(null, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
