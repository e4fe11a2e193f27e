using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Web.Tests.Live;

/// <summary>
/// The app with automatic attention checks every 20 minutes exactly (no jitter) on a clock that stands
/// still. The scheduler's own timer is set to an hour, so it never looks during a test: the test makes
/// each look itself, and what the scheduler does not do then it did not do because nothing was due.
/// </summary>
public sealed class ScheduledChecksFactory : LearnHubFactory
{
    protected override TestClock CreateClock() => new(LiveRoomFactory.LectureStart, running: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LiveRoom:AttentionChecks:IntervalMinutes", "20");
        builder.UseSetting("LiveRoom:AttentionChecks:Jitter", "0");
        builder.UseSetting("LiveRoom:AttentionChecks:WindowSeconds", "90");
        builder.UseSetting("LiveRoom:AttentionChecks:TickSeconds", "3600");
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<ILiveRoomLog>(Log)));
    }

    /// <summary>The rooms' log, which can be made to fail as Redis' does after an outage.</summary>
    public FailingRoomLog Log { get; } = new();
}

/// <summary>
/// The single node's log, except that while <see cref="Failing"/> a catch-up ends as a StackExchange.Redis command
/// does when Redis stopped answering and the command was given up: in a TaskCanceledException nobody asked for.
/// </summary>
public sealed class FailingRoomLog : ILiveRoomLog
{
    private readonly LocalRoomLog _local = new();

    public bool Failing { get; set; }

    public bool SpansNodes => _local.SpansNodes;

    public Task<object?> ApplyAsync(LiveRoomReplica replica, Courses.LectureHall.Live.LiveRoomCommand command, CancellationToken cancellationToken) =>
        _local.ApplyAsync(replica, command, cancellationToken);

    public Task CatchUpAsync(LiveRoomReplica replica, CancellationToken cancellationToken) =>
        Failing ? Task.FromException(new TaskCanceledException("The message timed out in the backlog.")) : _local.CatchUpAsync(replica, cancellationToken);
}

public sealed class AttentionSchedulerTests(ScheduledChecksFactory factory) : IClassFixture<ScheduledChecksFactory>
{
    [Fact]
    public async Task An_automatic_check_is_put_when_due_not_a_second_before_and_its_window_stays_open_to_its_last_second()
    {
        var start = LiveRoomFactory.LectureStart;
        factory.Clock.Now = start;
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "自动签到测试");
        await using var lecturer = await ConnectAsync("lecturer2@learnhub.example", sessionId);
        await lecturer.InvokeAsync("StartLecture");
        await using var prompt = await ConnectAsync("trainee@learnhub.example", sessionId);
        await using var late = await ConnectAsync("trainee2@learnhub.example", sessionId);
        var scheduler = factory.Services.GetServices<IHostedService>().OfType<AttentionScheduler>().Single();
        var registry = factory.Services.GetRequiredService<LiveRoomRegistry>();
        var due = start.AddMinutes(20);
        Assert.Equal(due, registry.Current(sessionId)!.NextAttentionAt);

        var asked = LiveTestSupport.Expect<LiveAttentionDto>(prompt, "AttentionCheck");
        factory.Clock.Now = due.AddSeconds(-1);
        await scheduler.RunOnceAsync(CancellationToken.None);
        Assert.Null(registry.Current(sessionId)!.Attention);

        factory.Clock.Now = due;
        await scheduler.RunOnceAsync(CancellationToken.None);
        var check = await asked;
        Assert.Equal((1, 90, 90), (check.Number, check.SecondsLeft, check.WindowSeconds));
        Assert.Equal(due.AddMinutes(20), registry.Current(sessionId)!.NextAttentionAt);

        // A second before the window closes the answer is in time; a second after it, it is late.
        factory.Clock.Now = due.AddSeconds(89);
        Assert.True(await LiveTestSupport.AnswerAsync(factory, prompt, "trainee@learnhub.example", sessionId, check.Number));
        factory.Clock.Now = due.AddSeconds(91);
        Assert.True(await LiveTestSupport.AnswerAsync(factory, late, "trainee2@learnhub.example", sessionId, check.Number));

        factory.Clock.Now = start.AddMinutes(30);
        var rows = await lecturer.InvokeAsync<List<LiveAttendanceDto>>("GetAttendance");
        Assert.Equal([0, 1], rows.Select(r => r.MissedChecks).Order());
        await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture");
    }

    [Fact]
    public async Task A_redis_command_given_up_does_not_end_the_scheduler_only_the_node_stopping_does()
    {
        factory.Clock.Now = LiveRoomFactory.LectureStart;
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "Redis 中断测试");
        await using var lecturer = await ConnectAsync("lecturer2@learnhub.example", sessionId);
        await lecturer.InvokeAsync("StartLecture");
        var scheduler = factory.Services.GetServices<IHostedService>().OfType<AttentionScheduler>().Single();

        factory.Log.Failing = true;
        try
        {
            // Before, the exception left ExecuteAsync and the host stopped the whole node.
            await scheduler.RunOnceAsync(CancellationToken.None);

            using var stopping = new CancellationTokenSource();
            await stopping.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scheduler.RunOnceAsync(stopping.Token));
        }
        finally
        {
            factory.Log.Failing = false;
        }

        await lecturer.InvokeAsync<List<LiveAttendanceDto>>("EndLecture");
    }

    private async Task<HubConnection> ConnectAsync(string email, int sessionId)
    {
        var connection = await LiveTestSupport.BuildAsync(factory, email, sessionId);
        var state = LiveTestSupport.Expect<LiveStateDto>(connection, "State");
        await connection.StartAsync();
        await state;
        return connection;
    }
}
