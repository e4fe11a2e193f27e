using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media.Decks;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// Registers the live room: SignalR (JSON and MessagePack), the rooms, the hub's endpoint, and,
/// when <c>LiveRoom:Redis</c> names a Redis server, the backplane and the shared room logs that let
/// several nodes serve one lecture (docs/deploy.md).
/// </summary>
internal static class LiveRoomModule
{
    /// <summary>
    /// What one connection may have waiting in each direction. A client that stops reading fills
    /// its 64 KB and the socket's buffers, then its writes wait; <see cref="SlowClientGuard"/> closes it.
    /// </summary>
    public const long BufferBytes = 64 * 1024;

    /// <summary>The largest hub message accepted from a client: chat, questions and answers are far smaller.</summary>
    public const long MaximumReceiveBytes = 16 * 1024;

    public static WebApplicationBuilder AddLiveRoom(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR(options => options.MaximumReceiveMessageSize = MaximumReceiveBytes)
            .AddMessagePackProtocol();
        if (builder.Configuration["LiveRoom:Redis"] is { Length: > 0 } redis)
        {
            // One lecture served by several nodes: SignalR's groups over Redis pub/sub, the rooms' state in Redis streams.
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("learnhub"));
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
            builder.Services.AddSingleton<ILiveRoomLog, RedisRoomLog>();
            builder.Services.AddSingleton<IChatLimiter, RedisChatLimiter>();
        }
        else
        {
            builder.Services.AddSingleton<ILiveRoomLog, LocalRoomLog>();
            builder.Services.AddSingleton<IChatLimiter, LocalChatLimiter>();
        }

        LiveRoomOptions.AddTo(builder.Services);
        builder.Services.AddSingleton<AttentionCheckService>();
        builder.Services.AddHostedService<AttentionScheduler>();
        builder.Services.AddSingleton<LiveRoomRegistry>();
        builder.Services.AddHostedService<LiveRoomMetrics>();
        builder.Services.AddSingleton(sp =>
        {
            var hub = sp.GetRequiredService<IHubContext<LiveRoomHub, ILiveRoomClient>>();
            return new ChatRelay((sessionId, lines) => hub.Clients.Group(LiveRoomHub.RoomGroup(sessionId)).Chat(lines),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChatRelay>>(),
                TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<LiveRoomOptions>>().Value.ChatBatchMilliseconds));
        });
        builder.Services.AddScoped<LiveRoomAccess>();
        builder.Services.AddScoped<LiveRoomService>();
        builder.Services.AddScoped<LiveSlideDecks>();
        // A PDF deck that finishes rendering (or is removed) changes the room's slides.
        builder.Services.AddSingleton<ISlideDeckEvents, LiveRoomDeckEvents>();
        builder.Services.AddHostedService<OpenPresenceCloser>();
        return builder;
    }

    public static WebApplication MapLiveRoom(this WebApplication app)
    {
        var guard = new SlowClientGuard(
            TimeSpan.FromSeconds(app.Services.GetRequiredService<IOptions<LiveRoomOptions>>().Value.SlowClientSeconds),
            app.Services.GetRequiredService<TimeProvider>(),
            app.Services.GetRequiredService<ILogger<SlowClientGuard>>());
        var options = new HttpConnectionDispatcherOptions
        {
            TransportMaxBufferSize = BufferBytes,
            ApplicationMaxBufferSize = BufferBytes,
        };
        // MapHub with the guard in front of the hub: MapHub itself offers no place for connection middleware.
        var endpoint = app.MapConnections(LiveRoomHub.Path, options, connection => connection.Use(guard.Wrap).UseHub<LiveRoomHub>());
        endpoint.Add(e =>
        {
            foreach (var attribute in typeof(LiveRoomHub).GetCustomAttributes(inherit: true))
            {
                e.Metadata.Add(attribute);
            }

            e.Metadata.Add(new HubMetadata(typeof(LiveRoomHub)));
        });
        return app;
    }
}

/// <summary>
/// Connections that were open when the process stopped never got their leave: close them at start-up,
/// so their presence ends (at the restart) instead of staying open forever. When nodes share the
/// database, only this node's rows are closed: its peers' connections are still open.
/// </summary>
internal sealed class OpenPresenceCloser(IServiceScopeFactory scopes, LiveRoomRegistry registry) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var prefix = registry.Shared ? registry.PresenceKey("") : null;
        await scope.ServiceProvider.GetRequiredService<LiveLectures>().CloseAllAsync(null, prefix, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
