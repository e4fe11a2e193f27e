using LearnHub.Web.Audit;

namespace LearnHub.Web.Retention;

/// <summary>Once a day, removes the records past their retention period (<see cref="RetentionSweeper"/>), as the audit log's worker does for its lines.</summary>
internal sealed class RetentionWorker(IServiceScopeFactory scopes, AuditTrail trail, TimeProvider clock, ILogger<RetentionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(24), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var swept = await scope.ServiceProvider.GetRequiredService<RetentionSweeper>().SweepAsync(stoppingToken);
                if (swept.Total > 0)
                {
                    log.LogInformation("Removed records past their retention period: {Swept}", swept);
                    await trail.RecordAsync(AuditActor.System, AuditAction.RetentionSwept, "retention", swept.ToString(), stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Removing records past their retention period failed; it is tried again tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
