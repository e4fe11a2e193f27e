using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>
/// Picks up, when LearnHub starts, the live video this node was handling when it stopped: a session whose
/// lecture still runs (<see cref="ILiveSessions.RunningKeyAsync"/>) gets its RTMP listener back on the same port
/// with the same key, without anyone reopening the console; a lecture that ended meanwhile, or whose
/// replay was cut off, has its recording parts finished into the replay. Only broadcasts this node
/// ingested itself (its LiveRoom:Node name in the marker), so nodes sharing a data folder do not compete.
/// </summary>
internal sealed class LiveVideoResume(LiveIngest ingest, IServiceScopeFactory scopes, ILogger<LiveVideoResume> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = ingest.Options;
        foreach (var sessionId in LiveBroadcastMarker.Sessions(options))
        {
            if (LiveBroadcastMarker.Read(options, sessionId) is not { } marker || marker.Node != options.Node)
            {
                continue;
            }

            try
            {
                await ResumeAsync(sessionId, marker, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The live video of session {Session} could not be resumed.", sessionId);
            }
        }
    }

    private async Task ResumeAsync(int sessionId, LiveBroadcastMarker marker, CancellationToken cancellationToken)
    {
        string? key = null;
        if (!marker.Ended)
        {
            await using var scope = scopes.CreateAsyncScope();
            key = await scope.ServiceProvider.GetRequiredService<ILiveSessions>().RunningKeyAsync(sessionId, cancellationToken);
        }

        if (key is not null)
        {
            var port = await ingest.OpenAsync(sessionId, key, marker.OwnerId);
            logger.LogInformation("The live video of session {Session} resumed on RTMP port {Port}.", sessionId, port);
            return;
        }

        // The lecture ended (possibly while this node was down): close what is left and finish the replay.
        await ingest.CloseAsync(sessionId, marker.OwnerId);
        logger.LogInformation("Finishing the replay of session {Session} left from before the restart.", sessionId);
        await LiveRecordings.FinishInBackgroundAsync(scopes, sessionId, logger);
    }
}
