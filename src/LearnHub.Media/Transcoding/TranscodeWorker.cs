using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Transcoding;

/// <summary>
/// Runs transcodes in the background, at most Media:MaxConcurrentJobs at a time. The job table is the
/// queue and may be shared by several nodes: a job is claimed with a lease that this worker renews
/// while ffmpeg runs; a job whose lease ran out (its node died) is claimed by whichever worker looks
/// next, and a job this worker loses that way is stopped here. Leases are stamped, renewed and looked for
/// on the injected clock, the same one <see cref="Transcoder"/> judges them by.
/// </summary>
internal sealed class TranscodeWorker(IServiceScopeFactory scopes, MediaOptions options, TranscodeSignal signal, TimeProvider time, ILogger<TranscodeWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Transcode)
        {
            logger.LogInformation("Media:Transcode is false: this node serves and receives media, other nodes transcode.");
            return;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var requeued = await scope.ServiceProvider.GetRequiredService<Transcoder>().RequeueInterruptedAsync(stoppingToken);
            if (requeued > 0)
            {
                logger.LogInformation("Re-queued {Count} transcodes interrupted by a restart.", requeued);
            }
        }

        using var slots = new SemaphoreSlim(options.MaxConcurrentJobs);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                Guid? id;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    id = await scope.ServiceProvider.GetRequiredService<Transcoder>().ClaimNextAsync(options.NodeId, options.Lease, stoppingToken);
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
                    // Woken by a new upload, or every few seconds for jobs queued on other nodes and leases that ran out.
                    await signal.WaitAsync(TimeSpan.FromSeconds(Math.Min(5, options.Lease.TotalSeconds / 3)), time, stoppingToken);
                    continue;
                }

                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunOneAsync(claimed, slots, stoppingToken));
            }
        }
        finally
        {
            // Each job hands its lease back as it stops, so another node can go on at once.
            await Task.WhenAll(running);
        }
    }

    private async Task RunOneAsync(Guid id, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        using var job = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var heartbeat = RenewWhileRunningAsync(id, job);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Transcoder>().RunAsync(id, job.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(id);
        }
        catch (Exception e) when (e is OperationCanceledException or Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            logger.LogWarning("Transcoding {Id} stopped: its lease ran out and another worker took the job.", id);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Transcoding {Id} failed unexpectedly.", id);
        }
        finally
        {
            await job.CancelAsync();
            await heartbeat;
            slots.Release();
            signal.Wake();
        }
    }

    /// <summary>Renews the lease every third of its length; cancels the job when it is no longer this worker's.</summary>
    private async Task RenewWhileRunningAsync(Guid id, CancellationTokenSource job)
    {
        using var timer = new PeriodicTimer(options.Lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(job.Token))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (!await scope.ServiceProvider.GetRequiredService<Transcoder>().RenewLeaseAsync(id, options.NodeId, options.Lease, job.Token))
                    {
                        await job.CancelAsync();
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed renewal is not fatal while the lease lasts; the next tick tries again.
                    logger.LogWarning(e, "Could not renew the lease of transcode {Id}.", id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The job ended.
        }
    }

    private async Task ReleaseAsync(Guid id)
    {
        try
        {
            // A bound on a database call while the host stops, not a lease: real seconds, not the app's clock.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Transcoder>().ReleaseAsync(id, options.NodeId, timeout.Token);
        }
        catch (Exception e)
        {
            // The lease runs out on its own; another worker takes the job then.
            logger.LogWarning(e, "Could not hand back transcode {Id} while stopping.", id);
        }
    }
}
