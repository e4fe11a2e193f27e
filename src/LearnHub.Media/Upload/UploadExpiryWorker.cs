using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Upload;

/// <summary>
/// Deletes unfinished uploads nobody has written to for Media:UploadExpiryHours (the tus expiration
/// extension), with their bytes, so abandoned uploads neither fill the disk nor hold a quota. Every node
/// sweeps on the injected clock; the deleting statement decides, so two nodes never delete one twice.
/// </summary>
internal sealed class UploadExpiryWorker(IServiceScopeFactory scopes, MediaOptions options, TimeProvider time, ILogger<UploadExpiryWorker> logger)
    : BackgroundService
{
    /// <summary>How often to look: a tenth of the expiry, at most every quarter hour, so an upload outlives its expiry by little.</summary>
    internal TimeSpan Interval => TimeSpan.FromTicks(Math.Min(options.UploadExpiry.Ticks / 10, TimeSpan.FromMinutes(15).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<ResumableUploads>().DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} unfinished uploads that expired.", deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A busy or briefly absent database must not stop the host; the next round tries again.
                logger.LogWarning(e, "Could not delete expired uploads; trying again later.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
