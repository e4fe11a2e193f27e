namespace LearnHub.Courses.LectureHall.Live;

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

    /// <summary>The length rules alone, without counting the message: what a shared counter checks first.</summary>
    public ChatVerdict Validate(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        return trimmed.Length == 0 ? ChatVerdict.Empty
            : trimmed.Length > MaxLength ? ChatVerdict.TooLong
            : ChatVerdict.Accepted;
    }

    public ChatVerdict Check(int personId, string? text, DateTimeOffset now)
    {
        if (Validate(text) is not ChatVerdict.Accepted and var refused)
        {
            return refused;
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
