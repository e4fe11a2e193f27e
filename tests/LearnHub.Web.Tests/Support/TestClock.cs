namespace LearnHub.Web.Tests.Support;

/// <summary>
/// The clock of an app under test. It starts at an instant the test chooses and, unless frozen, runs on at
/// the machine's pace (as faketime does), so workers and timers behave as in production while every date
/// comes from the test, never from today. Tests move it with <see cref="Now"/> or <see cref="Advance"/>.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _anchor;
    private long _anchorStamp;

    public TestClock(DateTimeOffset start, bool running = true)
    {
        Start = start;
        _anchor = start.ToUniversalTime();
        _anchorStamp = System.GetTimestamp();
        Running = running;
    }

    /// <summary>The moment the clock started at, before anything moved it.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Whether time passes by itself; a frozen clock moves only when the test moves it.</summary>
    public bool Running { get; }

    public DateTimeOffset Now
    {
        get => GetUtcNow();
        set
        {
            lock (_lock)
            {
                _anchor = value.ToUniversalTime();
                _anchorStamp = System.GetTimestamp();
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _anchor += by;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return Running ? _anchor + System.GetElapsedTime(_anchorStamp) : _anchor;
        }
    }

    /// <summary>Servers often run on UTC; a programme date read from the server's zone shows up as a wrong day.</summary>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
