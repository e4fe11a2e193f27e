using System.Diagnostics.Metrics;
using LearnHub.DataAccess;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Media.Transcoding;

/// <summary>The Media module's meter; the host's telemetry listens to it by this name.</summary>
public static class MediaMetrics
{
    public const string MeterName = "LearnHub.Media";
}

/// <summary>
/// The transcode queue as gauges: jobs waiting, how long the oldest has waited, and each running job's progress. The job
/// table is shared by every node, so every node reports the same queue (take the maximum across nodes, not the sum).
/// A hosted service only so that the gauges exist for as long as the host runs.
/// </summary>
internal sealed class TranscodeMetrics : IHostedService
{
    private readonly GaugeReading<Snapshot> _reading;

    public TranscodeMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        _reading = new GaugeReading<Snapshot>(() => Read(scopes, clock), new Snapshot([], [], [], []));
        var meter = meters.Create(MediaMetrics.MeterName);
        meter.CreateObservableGauge<int>("learnhub.transcode.queue.length", () => _reading.Current().Queued, "{job}",
            "Uploaded videos waiting for a transcode worker.");
        meter.CreateObservableGauge<double>("learnhub.transcode.queue.oldest_age", () => _reading.Current().OldestWait, "s",
            "How long the longest-waiting queued video has waited.");
        meter.CreateObservableGauge<int>("learnhub.transcode.running", () => _reading.Current().Running, "{job}",
            "Transcodes in progress on any node.");
        // One series per running job: as many as run at once (Media:MaxConcurrentJobs per node), gone when the job ends.
        meter.CreateObservableGauge<double>("learnhub.transcode.progress", () => _reading.Current().Progress, "1",
            "Share of each running transcode done (0–1), by asset.");
    }

    private sealed record Snapshot(Measurement<int>[] Queued, Measurement<double>[] OldestWait, Measurement<int>[] Running, Measurement<double>[] Progress);

    private static Snapshot Read(IServiceScopeFactory scopes, TimeProvider clock)
    {
        using var scope = scopes.CreateScope();
        var jobs = scope.ServiceProvider.GetRequiredService<MediaDbContext>().Assets.AsNoTracking()
            .Where(a => a.Status == MediaStatus.Queued || a.Status == MediaStatus.Processing)
            .Select(a => new { a.Id, a.Status, a.Progress, a.UpdatedAt }).ToList();
        var queued = jobs.Where(j => j.Status == MediaStatus.Queued).ToList();
        // A queued job's last change is when it was queued (or handed back by a stopping node).
        var oldest = queued.Count == 0 ? 0 : (clock.GetUtcNow() - queued.Min(j => j.UpdatedAt)).TotalSeconds;
        var running = jobs.Where(j => j.Status == MediaStatus.Processing).ToList();
        return new Snapshot([new(queued.Count)], [new(Math.Max(0, oldest))], [new(running.Count)],
            [.. running.Select(j => new Measurement<double>(j.Progress, new KeyValuePair<string, object?>("asset", j.Id.ToString())))]);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
