namespace LearnHub.Courses.LectureHalls;

/// <summary>Session times are wall-clock times in the programme's zone (China Standard Time).</summary>
public static class HallTime
{
    public const string ZoneId = "Asia/Shanghai";

    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);

    public static DateTimeOffset Instant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        // Stored and compared as UTC: PostgreSQL's timestamptz accepts only offset zero.
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateTimeOffset Start(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Instant(session.Date, session.StartTime);
    }

    public static DateTimeOffset End(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Instant(session.Date, session.EndTime);
    }

    public static DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(Local(clock.GetUtcNow()).DateTime);
    }

    public static decimal CreditHours(TimeOnly start, TimeOnly end)
    {
        var minutes = (int)(end - start).TotalMinutes;
        return end <= start ? 0 : minutes / 15 * 0.25m;
    }
}
