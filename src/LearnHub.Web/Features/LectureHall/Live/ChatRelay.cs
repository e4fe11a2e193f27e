namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// Chat reaches a room in small bundles: the lines a node accepts for a room within one window
/// (250 ms by default, <c>LiveRoom:ChatBatchMilliseconds</c>; 0 sends each line alone) go out as one
/// hub message, in the order they were accepted. In a room of thousands every hub message is a write
/// to every connection: twenty lines a second to 2,000 trainees were 40,000 writes a second, and the
/// slide changes that must arrive at once queued behind them. Bundled, chat costs at most four group
/// sends a second per node whatever its rate, and a line waits at most one window. Slides, polls,
/// notices and questions are never held back.
/// </summary>
public sealed partial class ChatRelay : IDisposable
{
    private readonly Func<int, IReadOnlyList<LiveChatDto>, Task> send;
    private readonly TimeProvider clock;
    private readonly ILogger<ChatRelay> logger;
    private readonly TimeSpan window;
    private readonly Lock gate = new();
    private readonly Dictionary<int, Bundle> open = [];

    /// <summary>A room's bundle goes to <paramref name="send"/> (the room's SignalR group; a recorder in tests).</summary>
    public ChatRelay(Func<int, IReadOnlyList<LiveChatDto>, Task> send, TimeProvider clock, ILogger<ChatRelay> logger, TimeSpan window)
    {
        this.send = send;
        this.clock = clock;
        this.logger = logger;
        this.window = window;
    }

    public void Post(int sessionId, LiveChatDto line)
    {
        if (window <= TimeSpan.Zero)
        {
            _ = SendAsync(sessionId, [line]);
            return;
        }

        lock (gate)
        {
            if (open.TryGetValue(sessionId, out var bundle))
            {
                bundle.Lines.Add(line);
                return;
            }

            bundle = new Bundle([line]);
            open[sessionId] = bundle;
            // Created under the lock: the timer's Flush waits for it, so it always finds its own bundle.
            bundle.Timer = clock.CreateTimer(static state => ((Action)state!)(), (Action)(() => Flush(sessionId)), window, Timeout.InfiniteTimeSpan);
        }
    }

    private void Flush(int sessionId)
    {
        Bundle? bundle;
        lock (gate)
        {
            if (!open.Remove(sessionId, out bundle))
            {
                return;
            }
        }

        bundle.Timer?.Dispose();
        _ = SendAsync(sessionId, bundle.Lines);
    }

    private async Task SendAsync(int sessionId, List<LiveChatDto> lines)
    {
        try
        {
            await send(sessionId, lines);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSendFailed(logger, sessionId, e);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var bundle in open.Values)
            {
                bundle.Timer?.Dispose();
            }

            open.Clear();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Chat for live session {SessionId} could not be sent")]
    private static partial void LogSendFailed(ILogger logger, int sessionId, Exception exception);

    private sealed class Bundle(List<LiveChatDto> lines)
    {
        public List<LiveChatDto> Lines { get; } = lines;

        public ITimer? Timer { get; set; }
    }
}
