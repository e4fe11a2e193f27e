using System.Collections.Concurrent;
using System.Globalization;
using LearnHub.Courses.LectureHall.Live;
using StackExchange.Redis;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// Counts each person's chat messages in a room against <see cref="ChatThrottle"/>'s limits. With
/// several nodes the count must be shared, or someone flooding through two nodes (two tabs landing
/// on different nodes) would get twice the allowance.
/// </summary>
public interface IChatLimiter
{
    ChatThrottle Limits { get; }

    Task<ChatVerdict> CheckAsync(int sessionId, int personId, string? text, DateTimeOffset now);
}

/// <summary>One node: a sliding window per person in memory.</summary>
internal sealed class LocalChatLimiter : IChatLimiter
{
    private readonly ConcurrentDictionary<int, ChatThrottle> _rooms = new();

    public ChatThrottle Limits { get; } = new();

    public Task<ChatVerdict> CheckAsync(int sessionId, int personId, string? text, DateTimeOffset now) =>
        Task.FromResult(_rooms.GetOrAdd(sessionId, _ => new ChatThrottle(Limits.MaxMessages, Limits.Window, Limits.MaxLength)).Check(personId, text, now));
}

/// <summary>
/// Several nodes: one Redis counter per person and room (<c>learnhub:chat:{session}:{person}</c>), set
/// to expire a window after the person's first message in it. INCR and the expiry run as one script,
/// so a counter can never be left without its expiry and the limit holds whichever node is asked.
/// </summary>
internal sealed class RedisChatLimiter(IConnectionMultiplexer redis) : IChatLimiter
{
    private const string Script = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    public ChatThrottle Limits { get; } = new();

    public async Task<ChatVerdict> CheckAsync(int sessionId, int personId, string? text, DateTimeOffset now)
    {
        if (Limits.Validate(text) is not ChatVerdict.Accepted and var refused)
        {
            return refused;
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"learnhub:chat:{sessionId}:{personId}");
        var count = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [(long)Limits.Window.TotalMilliseconds]);
        return count > Limits.MaxMessages ? ChatVerdict.TooFast : ChatVerdict.Accepted;
    }
}
