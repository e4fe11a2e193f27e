using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Transcoding;

/// <summary>
/// Runs queued transcodes in the background, at most Media:MaxConcurrentJobs at a time. The job
/// table is the queue, so a restart loses nothing: interrupted jobs are re-queued at start.
/// </summary>
internal sealed class TranscodeWorker(IServiceScopeFactory scopes, MediaOptions options, TranscodeSignal signal, ILogger<TranscodeWorker> logger) : BackgroundService
{
    private readonly HashSet<Guid> _running = [];
    private readonly Lock _lock = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var requeued = await scope.ServiceProvider.GetRequiredService<Transcoder>().RequeueInterruptedAsync(stoppingToken);
            if (requeued > 0)
            {
                logger.LogInformation("Re-queued {Count} transcodes interrupted by a restart.", requeued);
            }
        }

        using var slots = new SemaphoreSlim(options.MaxConcurrentJobs);
        while (!stoppingToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stoppingToken);
            Guid? id;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                Guid[] running;
                lock (_lock)
                {
                    running = [.. _running];
                }

                id = await scope.ServiceProvider.GetRequiredService<Transcoder>().ClaimNextAsync(running, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An unhandled exception here would stop the whole host; a busy or briefly absent database should not.
                logger.LogWarning(e, "Could not claim the next transcode; trying again shortly.");
                id = null;
            }

            if (id is not { } claimed)
            {
                slots.Release();
                // Woken by a new upload, or every few seconds in case another node queued one.
                await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
                continue;
            }

            lock (_lock)
            {
                _running.Add(claimed);
            }

            _ = RunOneAsync(claimed, slots, stoppingToken);
        }
    }

    private async Task RunOneAsync(Guid id, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Transcoder>().RunAsync(id, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Left Processing on purpose; re-queued at the next start.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Transcoding {Id} failed unexpectedly.", id);
        }
        finally
        {
            lock (_lock)
            {
                _running.Remove(id);
            }

            slots.Release();
            signal.Wake();
        }
    }
}
