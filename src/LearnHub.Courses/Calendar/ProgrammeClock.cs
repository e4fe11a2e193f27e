
namespace LearnHub.Courses.Calendar;

/// <summary>
/// The programme's clock: every calendar date in LearnHub — a ledger line's date, a rule's year and
/// windows, a due date, a session's day — is a date in the programme's time zone (China time by
/// default), whatever zone the server runs in. Instants stay UTC; only dates and wall-clock times go
/// through here. Never ask <see cref="TimeProvider.GetLocalNow"/>: that is the server's zone.
/// </summary>
public sealed class ProgrammeClock
{
    public const string DefaultZoneId = "Asia/Shanghai";

    public ProgrammeClock(TimeProvider time, TimeZoneInfo? zone = null)
    {
        Time = time ?? throw new ArgumentNullException(nameof(time));
        Zone = zone ?? TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId);
    }

    /// <summary>The clock instants come from (injected, so tests move it).</summary>
    public TimeProvider Time { get; }

    /// <summary>The programme's time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Now, with offset zero whatever offset a test's clock was given (PostgreSQL's timestamptz takes only UTC).</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow().ToUniversalTime();

    /// <summary>Now on the programme's wall clock (its offset is the zone's).</summary>
    public DateTimeOffset Now => Local(UtcNow);

    /// <summary>Today in the programme's zone.</summary>
    public DateOnly Today => DateOf(UtcNow);

    /// <summary>The programme year: the calendar year of <see cref="Today"/>.</summary>
    public int Year => Today.Year;

    /// <summary>An instant as the programme's wall clock shows it.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The programme date an instant falls on.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    /// <summary>The instant a programme wall-clock time happens, in UTC (PostgreSQL's timestamptz takes only offset zero).</summary>
    public DateTimeOffset Instant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        // A time skipped by a daylight-saving change (never in China) is read with the offset before it.
        var offset = Zone.IsInvalidTime(local) ? Zone.GetUtcOffset(local.AddHours(-1)) : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The first instant of a programme day.</summary>
    public DateTimeOffset StartOfDay(DateOnly date) => Instant(date, TimeOnly.MinValue);
}

/// <summary>The programme's settings of time: <c>LearnHub:TimeZone</c>, an IANA zone id (Asia/Shanghai by default).</summary>
public sealed class ProgrammeOptions
{
    /// <summary>The section bound to these options; the zone is its <c>TimeZone</c> key.</summary>
    public const string Section = "LearnHub";

    public string TimeZone { get; set; } = ProgrammeClock.DefaultZoneId;

    /// <summary>The configured zone, or null when this machine does not know it.</summary>
    public TimeZoneInfo? FindZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out var zone) ? zone : null;
}
