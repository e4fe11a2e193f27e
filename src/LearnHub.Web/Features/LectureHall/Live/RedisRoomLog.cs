using System.Text.Json;
using LearnHub.Courses.LectureHall.Live;
using StackExchange.Redis;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// The rooms' logs in Redis, one stream per room (<c>learnhub:live:{sessionId}</c>). A change is an
/// XADD; a node catches up with one XRANGE from the last entry it applied. Redis orders the
/// entries, so every node applies the same changes in the same order and the copies agree. Nothing
/// is published: other nodes catch up when they next need the room (a connection opening, a change
/// of their own), and the SignalR backplane alone carries the messages to the clients, so a slide
/// change is one PUBLISH whatever the number of nodes and clients. The stream outlives a restart of
/// every node, so the room's state does too; it expires two days after its last change.
/// </summary>
internal sealed partial class RedisRoomLog(IConnectionMultiplexer redis, ILogger<RedisRoomLog> logger) : ILiveRoomLog
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool SpansNodes => true;

    public static RedisKey Key(int sessionId) => $"learnhub:live:{sessionId}";

    public async Task<object?> ApplyAsync(LiveRoomReplica replica, LiveRoomCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var token = Guid.NewGuid().ToString("N");
        var result = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        replica.Waiting[token] = result;
        try
        {
            var database = redis.GetDatabase();
            var key = Key(replica.Room.SessionId);
            await database.StreamAddAsync(key, [new("c", JsonSerializer.Serialize(command, Json)), new("t", token)]);
            _ = database.KeyExpireAsync(key, Retention, flags: CommandFlags.FireAndForget);
            // Catching up applies this entry (or a concurrent catch-up already did), so the result is set.
            await CatchUpAsync(replica, cancellationToken);
            return await result.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            replica.Waiting.TryRemove(token, out _);
        }
    }

    public async Task CatchUpAsync(LiveRoomReplica replica, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        await replica.Gate.WaitAsync(cancellationToken);
        try
        {
            // "(" makes the start exclusive: entries after the last one applied.
            var from = replica.Position is { } position ? "(" + position : "-";
            var entries = await redis.GetDatabase().StreamRangeAsync(Key(replica.Room.SessionId), from, "+");
            foreach (var entry in entries)
            {
                Apply(replica, entry);
                replica.Position = entry.Id!;
            }
        }
        finally
        {
            replica.Gate.Release();
        }
    }

    private void Apply(LiveRoomReplica replica, StreamEntry entry)
    {
        object? result;
        try
        {
            var command = JsonSerializer.Deserialize<LiveRoomCommand>((string)entry["c"]!, Json)
                ?? throw new JsonException("An empty live room change.");
            result = command.ApplyTo(replica.Room);
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            // Every node refuses the same entry the same way; only the node that wrote it reports it.
            LogRefused(logger, replica.Room.SessionId, entry.Id.ToString(), e.Message);
            result = e;
        }

        if (entry["t"] is { IsNull: false } token && replica.Waiting.TryGetValue(token!, out var waiting))
        {
            waiting.TrySetResult(result);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Live room {SessionId}: change {EntryId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, int sessionId, string entryId, string reason);
}
