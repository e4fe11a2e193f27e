using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearnHub.Media.Tools;

internal sealed class FfmpegHealthCheck(FfmpegLocator locator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(locator.FindFolder() is { } folder
            ? HealthCheckResult.Healthy(folder)
            : HealthCheckResult.Unhealthy(FfmpegLocator.InstallHint));
}
