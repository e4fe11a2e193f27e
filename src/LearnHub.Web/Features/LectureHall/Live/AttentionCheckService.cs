using LearnHub.Courses.LectureHall.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>What a trainee's room shows for an attention check; the seconds left are counted on the server, so a phone's clock does not matter.</summary>
public sealed record LiveAttentionDto(int Number, int SecondsLeft, int WindowSeconds);

/// <summary>
/// Puts attention checks to a live room, automatically (<see cref="AttentionScheduler"/>) or when
/// staff launch one. The check itself is a change in the room's log, so with several nodes exactly
/// one of them wins it; that node records the check for everyone present and tells the room.
/// </summary>
public sealed class AttentionCheckService(
    LiveRoomRegistry registry,
    AttentionSchedule schedule,
    IServiceScopeFactory scopes,
    IHubContext<LiveRoomHub, ILiveRoomClient> hub,
    TimeProvider clock)
{
    public AttentionSchedule Schedule => schedule;

    /// <summary>When the first automatic check of a lecture starting now falls.</summary>
    public DateTimeOffset? FirstCheck(DateTimeOffset now) => schedule.Next(now, Random.Shared);

    /// <summary>Puts the next check to the room; null when the lecture is not running or another node put it first.</summary>
    public async Task<LiveAttentionPrompt?> IssueAsync(int sessionId, CancellationToken cancellationToken = default)
    {
        if (!schedule.Enabled || registry.Current(sessionId) is not { } room)
        {
            return null;
        }

        await registry.CatchUpAsync(sessionId, cancellationToken);
        if (room.Phase != LiveRoomPhase.Live)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var lectures = scope.ServiceProvider.GetRequiredService<LiveLectures>();
        // After the database's latest too: a room kept in memory starts again at nothing after a restart.
        var number = Math.Max(room.Attention?.Number ?? 0, await lectures.LatestAttentionCheckAsync(sessionId, cancellationToken)) + 1;
        var now = clock.GetUtcNow();
        var deadline = now + schedule.AnswerWindow;
        var command = new LiveRoomCommand(LiveRoomCommandKind.AttentionCheck, now, Number: number, Until: deadline, Next: schedule.Next(now, Random.Shared));
        if (!await registry.ApplyAsync<bool>(sessionId, command, cancellationToken))
        {
            return null;
        }

        await lectures.IssueAttentionCheckAsync(sessionId, number, now, deadline, cancellationToken);

        // The rows exist before anyone is asked, so an answer always finds its check.
        await hub.Clients.Group(LiveRoomHub.RoomGroup(sessionId)).AttentionCheck(Dto(number, now, deadline));
        return new LiveAttentionPrompt(number, now, deadline);
    }

    public LiveAttentionDto Dto(int number, DateTimeOffset issuedAt, DateTimeOffset deadline)
    {
        var left = deadline - clock.GetUtcNow();
        return new LiveAttentionDto(number, left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : 0, (int)Math.Ceiling((deadline - issuedAt).TotalSeconds));
    }
}

/// <summary>
/// Looks every few seconds for running lectures on this node whose next automatic check is due. Each
/// node looks at its own copy of the room; when two notice at once the room's log takes one check.
/// It ticks on the injected clock, and a check is due by that clock, never earlier.
/// </summary>
internal sealed partial class AttentionScheduler(
    AttentionCheckService checks,
    LiveRoomRegistry registry,
    TimeProvider clock,
    IOptions<LiveRoomOptions> options,
    ILogger<AttentionScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!checks.Schedule.Automatic)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.AttentionChecks.TickSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunOnceAsync(stoppingToken);
        }
    }

    /// <summary>One look at this node's rooms: puts the check of each running lecture whose next one is due.</summary>
    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var sessionId in registry.RoomsWithMembers())
        {
            try
            {
                await registry.CatchUpAsync(sessionId, cancellationToken);
                if (registry.Current(sessionId) is { Phase: LiveRoomPhase.Live, NextAttentionAt: { } due } && due <= clock.GetUtcNow())
                {
                    await checks.IssueAsync(sessionId, cancellationToken);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One room's failure (Redis away, the database busy) must not stop the checks of the others. Only the
                // node stopping ends the loop: a Redis command given up after an outage ends in a TaskCanceledException
                // too, and letting that out of ExecuteAsync stopped the whole node (the host stops on a failed service).
                LogCheckFailed(logger, sessionId, e);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Live room {SessionId}: the attention check could not be put")]
    private static partial void LogCheckFailed(ILogger logger, int sessionId, Exception exception);
}
