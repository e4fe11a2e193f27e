using System.Net.WebSockets;
using LearnHub.Media.Live;
using LearnHub.Web.Hosting;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>Registers live video: Media's engine (RTMP listeners, HLS writers, the replay join) told about sessions by the lecture hall, and the browser camera's socket.</summary>
internal static class LiveVideoModule
{
    public static string CameraPath(int sessionId) => $"/live/{sessionId}/video/camera";

    public static WebApplicationBuilder AddLiveVideo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ILiveSessions, LectureHallLiveSessions>();
        builder.Services.AddLiveVideoEngine();
        builder.Services.AddScoped<LiveVideoService>();
        return builder;
    }

    public static WebApplication MapLiveVideo(this WebApplication app)
    {
        // The WebSocket middleware only for this endpoint, as SignalR does for its hubs.
        var camera = ((IEndpointRouteBuilder)app).CreateApplicationBuilder();
        camera.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        camera.Run(ReceiveCameraAsync);
        app.Map("/live/{sessionId:int}/video/camera", camera.Build());
        return app;
    }

    /// <summary>
    /// The browser camera: MediaRecorder's WebM pieces, one binary message each, straight into ffmpeg's
    /// standard input. Only the session's staff, only from LearnHub's own pages (a WebSocket is not
    /// covered by CORS, so the Origin is checked), and no message larger than LiveVideo:MaxMessageBytes.
    /// </summary>
    private static async Task ReceiveCameraAsync(HttpContext context)
    {
        var video = context.RequestServices.GetRequiredService<LiveVideoService>();
        var ingest = context.RequestServices.GetRequiredService<LiveIngest>();
        var logger = context.RequestServices.GetRequiredService<ILogger<LiveIngest>>();
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (!int.TryParse(context.Request.RouteValues["sessionId"]?.ToString(), out var sessionId)
            || await video.FindAsync(sessionId, context.RequestAborted) is not { } session)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!await context.RequestServices.GetRequiredService<IAuthorizationService>().IsSessionStaffAsync(context.User, session)
            || !SameOrigin.IsOwnPage(context))
        {
            logger.LogWarning("Refused a browser camera for session {Session} from {User} (origin {Origin}).", sessionId, context.User.Identity?.Name, origin);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!ingest.IsOpen(sessionId) || await ingest.BeginBrowserAsync(sessionId) is not { } feed)
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            return;
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            // The lecture ending closes the socket properly (1000), which the console takes as final. Cancelling
            // the receive instead would abort it, and the console would see a drop and try to reconnect.
            using var ending = feed.Channel.Closing.Register(() => _ = CloseEndedAsync(socket, stop));
            await PumpAsync(socket, feed.Writer.Input, ingest.Options.MaxMessageBytes, sessionId, logger, stop.Token);
        }
        finally
        {
            await feed.Channel.EndBrowserAsync(feed.Writer);
        }
    }

    /// <summary>Says "ended" to the camera; a browser that does not answer within five seconds is cut off.</summary>
    private static async Task CloseEndedAsync(WebSocket socket, CancellationTokenSource stop)
    {
        try
        {
            stop.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ended", CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Already closing or gone: the pump ends on its own.
        }
    }

    private static async Task PumpAsync(WebSocket socket, Stream input, int maxMessageBytes, int sessionId, ILogger logger, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxMessageBytes];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        logger.LogWarning("Browser camera of session {Session} sent a message over {Limit} bytes; closed.", sessionId, maxMessageBytes);
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None);
                        return;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Unless this side already said "ended" and this is the browser's answer.
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }

                if (result.MessageType != WebSocketMessageType.Binary)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.InvalidMessageType, "binary only", CancellationToken.None);
                    return;
                }

                await input.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
                await input.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The lecture ended or the page went away: the writer finishes what it has.
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "ended", CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or WebSocketException)
        {
            logger.LogInformation("Browser camera of session {Session} stopped: {Message}", sessionId, e.Message);
        }
    }
}
