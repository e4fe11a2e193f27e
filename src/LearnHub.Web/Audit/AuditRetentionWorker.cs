using Microsoft.Extensions.Options;

namespace LearnHub.Web.Audit;

/// <summary>Once a day, removes audit lines older than the retention period (at least 180 days).</summary>
internal sealed class AuditRetentionWorker(IServiceScopeFactory scopes, AuditTrail trail, IOptions<AuditOptions> options, TimeProvider clock,
    ILogger<AuditRetentionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var removed = await scope.ServiceProvider.GetRequiredService<AuditLogQueries>()
                    .PruneAsync(trail, options.Value.EffectiveRetentionDays, stoppingToken);
                if (removed > 0)
                {
                    log.LogInformation("Removed {Count} audit lines older than {Days} days", removed, options.Value.EffectiveRetentionDays);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Pruning the audit log failed; it is tried again tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
