using System.Diagnostics.Metrics;
using LearnHub.Web.Hosting;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// Live-room connections on this node, one series per room someone is connected to: the series of a room ends with
/// its last connection, so the number of series stays that of the lectures under way. Summed over a node, it is what
/// docs/benchmarks.md measured a node's capacity in. A hosted service only so that the gauge lives with the host.
/// </summary>
internal sealed class LiveRoomMetrics : IHostedService
{
    public LiveRoomMetrics(LearnHubMeter meter, LiveRoomRegistry registry) =>
        meter.Meter.CreateObservableGauge<int>("learnhub.live.connections", () => registry.ConnectionsPerRoom()
                .Select(room => new Measurement<int>(room.Value, new KeyValuePair<string, object?>("session", room.Key))),
            "{connection}", "Live-room hub connections on this node, by lecture-hall session.");

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
