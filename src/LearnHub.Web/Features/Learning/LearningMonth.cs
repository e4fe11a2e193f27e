using System.Globalization;
using LearnHub.Courses.LectureHall.Sessions;

namespace LearnHub.Web.Features.Learning;

/// <summary>
/// One of the person's own sessions as "my learning" lists it: <paramref name="Upcoming"/> until it ends,
/// <paramref name="Live"/> while its live room is open (the check-in window).
/// </summary>
public sealed record SeatRow(PersonSession Seat, bool Upcoming, bool Live);

/// <summary>A thing on a calendar day: one of the person's sessions (with its start) or a plan item falling due.</summary>
public sealed record CalendarEntry(string Title, string Link, TimeOnly? Start, bool IsSession);

/// <summary>
/// A month of "my learning" on the programme's clock: whole weeks, Monday first, with what falls on each day.
/// Days outside the month pad the first and last week.
/// </summary>
public sealed record LearningMonth(DateOnly First, DateOnly Today, IReadOnlyList<IReadOnlyList<DateOnly>> Weeks,
    IReadOnlyDictionary<DateOnly, IReadOnlyList<CalendarEntry>> Entries)
{
    /// <summary>The month the query string names ("2027-03"), or today's month when it names none the calendar can show.</summary>
    public static DateOnly Parse(string? month, DateOnly today) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
        && first.Year is > 1900 and < 9000
            ? first
            : new DateOnly(today.Year, today.Month, 1);

    public static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static LearningMonth Of(DateOnly first, DateOnly today, IEnumerable<(DateOnly Day, CalendarEntry Entry)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var last = first.AddMonths(1).AddDays(-1);
        // DayOfWeek counts from Sunday; the programme's week starts on Monday.
        var day = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var weeks = new List<IReadOnlyList<DateOnly>>();
        while (day <= last)
        {
            weeks.Add(Enumerable.Range(0, 7).Select(day.AddDays).ToList());
            day = day.AddDays(7);
        }

        var byDay = entries.Where(e => e.Day >= first && e.Day <= last)
            .GroupBy(e => e.Day)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CalendarEntry>)g.Select(e => e.Entry).OrderBy(e => e.Start ?? TimeOnly.MaxValue).ToList());
        return new LearningMonth(first, today, weeks, byDay);
    }

    public DateOnly Previous => First.AddMonths(-1);

    public DateOnly Next => First.AddMonths(1);

    public bool Contains(DateOnly day) => day.Year == First.Year && day.Month == First.Month;
}
