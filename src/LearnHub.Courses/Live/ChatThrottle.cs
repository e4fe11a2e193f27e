namespace LearnHub.Courses.Live;

public enum ChatVerdict
{
    Accepted,
    Empty,
    TooLong,
    TooFast,
}

/// <summary>
/// Keeps a live room's chat readable: at most <see cref="MaxMessages"/> per person in any
/// <see cref="Window"/>, each at most <see cref="MaxLength"/> characters. A refused message is
/// answered, never punished with a disconnect.
/// </summary>
public sealed class ChatThrottle(int maxMessages = 5, TimeSpan? window = null, int maxLength = 300)
{
    private readonly Dictionary<int, Queue<DateTimeOffset>> _sent = [];
    private readonly Lock _lock = new();

    public int MaxMessages { get; } = maxMessages;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromSeconds(10);

    public int MaxLength { get; } = maxLength;

    public ChatVerdict Check(int personId, string? text, DateTimeOffset now)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return ChatVerdict.Empty;
        }

        if (trimmed.Length > MaxLength)
        {
            return ChatVerdict.TooLong;
        }

        lock (_lock)
        {
            if (!_sent.TryGetValue(personId, out var times))
            {
                _sent[personId] = times = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }

            if (times.Count >= MaxMessages)
            {
                return ChatVerdict.TooFast;
            }

            times.Enqueue(now);
            return ChatVerdict.Accepted;
        }
    }
}
