using System.Globalization;
using System.Text.RegularExpressions;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;

namespace LearnHub.Courses.Content;

/// <summary>
/// Dates of the demo content, read relative to the programme day the demo is loaded, so a demo loaded
/// on any day of any year is as full as on the day it was written. The content files write:
/// <list type="bullet">
/// <item><c>today</c>, <c>today-40d</c>, <c>today+2w</c>, <c>today-5m</c>, <c>today-7y</c>: days, weeks,
/// months or years from the load day, for what must sit at a given distance from it (appointments,
/// lifecycle events, due dates, the records of people whose six-month window is open).</item>
/// <item><c>Y-03-08</c>: a day of this year. This year has lasted only until the load day, so its days are
/// spread over that part in the order written: on 31 December a date is itself, on 1 March 08 March lands
/// in mid-January. Records of the year keep their order and always lie in the past.</item>
/// <item><c>Y-1-03-08</c>: that day of last year, as written.</item>
/// </list>
/// Lecture-hall sessions are written as a month offset instead (<see cref="SessionDate"/>).
/// </summary>
public sealed partial class DemoCalendar
{
    public DemoCalendar(DateOnly today, TimeOnly now)
    {
        Today = today;
        Now = now;
    }

    /// <summary>The calendar of the moment a programme clock shows.</summary>
    public static DemoCalendar At(ProgrammeClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.Now;
        return new DemoCalendar(DateOnly.FromDateTime(now.DateTime), TimeOnly.FromDateTime(now.DateTime));
    }

    /// <summary>The programme day the demo is loaded.</summary>
    public DateOnly Today { get; }

    /// <summary>The programme's wall-clock time at loading.</summary>
    public TimeOnly Now { get; }

    public int Year => Today.Year;

    /// <summary>Reads one of the date forms above; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public DateOnly Date(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (RelativePattern().Match(value) is { Success: true } relative)
        {
            if (!relative.Groups["n"].Success)
            {
                return Today;
            }

            var n = int.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture) * (relative.Groups["sign"].Value == "-" ? -1 : 1);
            return relative.Groups["unit"].Value switch
            {
                "d" => Today.AddDays(n),
                "w" => Today.AddDays(7 * n),
                "m" => Today.AddMonths(n),
                _ => Today.AddYears(n),
            };
        }

        if (YearPattern().Match(value) is { Success: true } ofYear)
        {
            var yearsBack = ofYear.Groups["back"].Success ? int.Parse(ofYear.Groups["back"].Value, CultureInfo.InvariantCulture) : 0;
            var month = int.Parse(ofYear.Groups["month"].Value, CultureInfo.InvariantCulture);
            var day = int.Parse(ofYear.Groups["day"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12 || day < 1 || day > 31)
            {
                throw new FormatException($"'{text}' is not a day of the year.");
            }

            var year = Year - yearsBack;
            // 29 February of a year without it is the 28th.
            var written = new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
            return yearsBack == 0 ? SoFar(written) : written;
        }

        throw new FormatException($"'{text}' is not a demo date: write today, today-40d, today+2w, today-5m, Y-03-08 or Y-1-03-08.");
    }

    /// <summary>A day of this year placed in the part of the year that has passed by the load day, keeping the order.</summary>
    public DateOnly SoFar(DateOnly written)
    {
        var daysInYear = DateTime.IsLeapYear(Year) ? 366 : 365;
        var passed = Today.DayOfYear - 1;
        var day = (written.DayOfYear - 1) * passed / (daysInYear - 1);
        return new DateOnly(Year, 1, 1).AddDays(day);
    }

    /// <summary>
    /// The day of a monthly lecture-hall session written as months from the load day: 0 is the session held
    /// on the load day; the others fall on the third Thursday of their month, before or after it.
    /// </summary>
    public DateOnly SessionDate(int months) =>
        months == 0 ? Today : SessionScheduling.ThirdThursday(new DateOnly(Today.Year, Today.Month, 1).AddMonths(months));

    /// <summary>
    /// The session held on the load day runs from half an hour before the loading to two hours after it, in
    /// quarter hours and within the day, so its check-in is open and its live room can be tried at once.
    /// </summary>
    public (TimeOnly Start, TimeOnly End) SessionNow()
    {
        var quarter = new TimeOnly(Now.Hour, Now.Minute / 15 * 15);
        var start = quarter.Hour == 0 && quarter.Minute < 30 ? TimeOnly.MinValue : quarter.AddMinutes(-30);
        var end = start >= new TimeOnly(21, 29) ? new TimeOnly(23, 59) : start.AddMinutes(150);
        return (start, end);
    }

    /// <summary>Replaces <c>{year}</c> with the programme year and <c>{last}</c> with the year before.</summary>
    public string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("{year}", Year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{last}", (Year - 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^today(?:(?<sign>[+-])(?<n>\d{1,4})(?<unit>[dwmy]))?$")]
    private static partial Regex RelativePattern();

    [GeneratedRegex(@"^Y(?:-(?<back>\d))?-(?<month>\d{2})-(?<day>\d{2})$")]
    private static partial Regex YearPattern();
}
