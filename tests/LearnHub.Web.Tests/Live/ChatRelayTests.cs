using LearnHub.Web.Features.LectureHall.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearnHub.Web.Tests.Live;

public sealed class ChatRelayTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 6, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lines_within_one_window_go_out_as_one_bundle_in_the_order_accepted()
    {
        var clock = new ManualTimers();
        var sent = new List<(int Session, string[] Lines)>();
        using var relay = Relay(clock, sent, TimeSpan.FromMilliseconds(250));

        relay.Post(7, Line("一"));
        relay.Post(7, Line("二"));
        relay.Post(8, Line("别的房间"));
        relay.Post(7, Line("三"));
        Assert.Empty(sent);
        Assert.Equal(2, clock.Pending);
        Assert.All(clock.DueTimes, due => Assert.Equal(TimeSpan.FromMilliseconds(250), due));

        await clock.FireAllAsync();
        Assert.Equal([(7, ["一", "二", "三"]), (8, ["别的房间"])], sent.OrderBy(s => s.Session).Select(s => (s.Session, s.Lines)));

        // A line after the flush opens a new window; nothing is sent twice.
        relay.Post(7, Line("四"));
        Assert.Equal(1, clock.Pending);
        await clock.FireAllAsync();
        Assert.Equal(["四"], sent[^1].Lines);
        Assert.Equal(3, sent.Count);
    }

    [Fact]
    public void A_window_of_zero_sends_each_line_at_once()
    {
        var clock = new ManualTimers();
        var sent = new List<(int Session, string[] Lines)>();
        using var relay = Relay(clock, sent, TimeSpan.Zero);
        relay.Post(7, Line("一"));
        relay.Post(7, Line("二"));
        Assert.Equal(0, clock.Pending);
        Assert.Equal([["一"], ["二"]], sent.Select(s => s.Lines));
    }

    [Fact]
    public async Task A_failed_send_is_logged_and_the_next_window_still_goes_out()
    {
        var clock = new ManualTimers();
        var calls = 0;
        using var relay = new ChatRelay((_, _) => Interlocked.Increment(ref calls) == 1 ? Task.FromException(new IOException("backplane down")) : Task.CompletedTask,
            clock, NullLogger<ChatRelay>.Instance, TimeSpan.FromMilliseconds(250));
        relay.Post(7, Line("一"));
        await clock.FireAllAsync();
        relay.Post(7, Line("二"));
        await clock.FireAllAsync();
        Assert.Equal(2, calls);
    }

    private static ChatRelay Relay(ManualTimers clock, List<(int, string[])> sent, TimeSpan window) =>
        new((session, lines) =>
        {
            lock (sent)
            {
                sent.Add((session, lines.Select(l => l.Text).ToArray()));
            }

            return Task.CompletedTask;
        }, clock, NullLogger<ChatRelay>.Instance, window);

    private static LiveChatDto Line(string text) => new("学员", text, At);

    /// <summary>Timers that fire when the test says so.</summary>
    private sealed class ManualTimers : TimeProvider
    {
        private readonly List<Timer> timers = [];

        public int Pending => timers.Count(t => !t.Disposed && !t.Fired);

        public IEnumerable<TimeSpan> DueTimes => timers.Where(t => !t.Disposed && !t.Fired).Select(t => t.Due);

        public override DateTimeOffset GetUtcNow() => At;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(callback, state, dueTime);
            timers.Add(timer);
            return timer;
        }

        public async Task FireAllAsync()
        {
            foreach (var timer in timers.Where(t => !t.Disposed && !t.Fired).ToList())
            {
                timer.Fired = true;
                timer.Callback(timer.State);
            }

            // The sends run asynchronously after the flush.
            await Task.Yield();
        }

        private sealed class Timer(TimerCallback callback, object? state, TimeSpan due) : ITimer
        {
            public TimerCallback Callback { get; } = callback;

            public object? State { get; } = state;

            public TimeSpan Due { get; } = due;

            public bool Fired { get; set; }

            public bool Disposed { get; private set; }

            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose() => Disposed = true;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
