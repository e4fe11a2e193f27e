using System.Diagnostics.Metrics;
using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using LearnHub.DataAccess;
using LearnHub.Web.Hosting;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Notifications;

/// <summary>
/// The mail and SMS outboxes as gauges, read from the outbox tables when a collector asks: messages pending, sent and
/// given up, and how long the oldest pending one has waited. The tables are shared by every node, so every node
/// reports the same figures (take the maximum across nodes). A hosted service only so that the gauges live with the host.
/// </summary>
internal sealed class OutboxMetrics : IHostedService
{
    private static readonly KeyValuePair<string, object?> Mail = new("channel", "mail");
    private static readonly KeyValuePair<string, object?> Sms = new("channel", "sms");

    private readonly GaugeReading<Snapshot> _reading;

    public OutboxMetrics(LearnHubMeter meter, IServiceScopeFactory scopes, TimeProvider clock)
    {
        _reading = new GaugeReading<Snapshot>(() => Read(scopes, clock), new Snapshot([], []));
        meter.Meter.CreateObservableGauge<long>("learnhub.outbox.messages", () => _reading.Current().Messages, "{message}",
            "Messages in the mail and SMS outboxes, by channel and state (pending, sent, failed).");
        meter.Meter.CreateObservableGauge<double>("learnhub.outbox.oldest_pending_age", () => _reading.Current().OldestPending, "s",
            "How long the oldest message still to be sent has waited, by channel.");
    }

    private sealed record Snapshot(Measurement<long>[] Messages, Measurement<double>[] OldestPending);

    private static Snapshot Read(IServiceScopeFactory scopes, TimeProvider clock)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var now = clock.GetUtcNow();
        var mail = db.OutgoingMail.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionary(g => g.Key, g => g.Count);
        var sms = db.OutgoingSms.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionary(g => g.Key, g => g.Count);
        // The lowest pending id is the oldest pending message (ids grow with time); its row gives the age.
        var oldestMail = db.OutgoingMail.Where(m => m.State == MailState.Pending).OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
        var oldestSms = db.OutgoingSms.Where(m => m.State == MailState.Pending).OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
        return new Snapshot([.. States(mail, Mail), .. States(sms, Sms)], [Age(oldestMail, now, Mail), Age(oldestSms, now, Sms)]);
    }

    private static IEnumerable<Measurement<long>> States(Dictionary<MailState, long> counts, KeyValuePair<string, object?> channel) =>
        Enum.GetValues<MailState>().Select(state => new Measurement<long>(counts.GetValueOrDefault(state),
            channel, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant())));

    private static Measurement<double> Age(DateTimeOffset? createdAt, DateTimeOffset now, KeyValuePair<string, object?> channel) =>
        new(createdAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0, channel);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
