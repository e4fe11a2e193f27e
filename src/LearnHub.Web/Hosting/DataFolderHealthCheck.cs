using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearnHub.Web.Hosting;

/// <summary>The data folder holds the database, keys and media: it must be writable.</summary>
internal sealed class DataFolderHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var folder = configuration["LearnHub:DataPath"] ?? "data";
        var probe = Path.Combine(folder, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"{folder} is not writable", e);
        }
    }
}
