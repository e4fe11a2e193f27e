using LearnHub.Courses.Calendar;
using LearnHub.Courses.Content;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Content;

public sealed class DemoCalendarTests
{
    private static DemoCalendar On(int year, int month, int day, int hour = 10, int minute = 0) =>
        new(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    [Theory]
    [InlineData("today", "2027-03-10")]
    [InlineData("today-40d", "2027-01-29")]
    [InlineData("today+2w", "2027-03-24")]
    [InlineData("today-5m", "2026-10-10")]
    [InlineData("today+1y", "2028-03-10")]
    [InlineData(" today-164d ", "2026-09-27")]
    [InlineData("Y-1-03-08", "2026-03-08")]
    [InlineData("Y-1-02-29", "2026-02-28")]
    public void Relative_and_last_year_dates_are_read_from_the_load_day(string text, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), On(2027, 3, 10).Date(text));

    [Fact]
    public void Days_of_this_year_spread_over_the_part_that_has_passed_in_their_order()
    {
        var yearEnd = On(2027, 12, 31);
        Assert.Equal(new DateOnly(2027, 3, 8), yearEnd.Date("Y-03-08"));

        var march = On(2027, 3, 10);
        var days = new[] { "Y-01-01", "Y-03-08", "Y-06-30", "Y-11-23", "Y-12-31" }.Select(march.Date).ToList();
        Assert.Equal(new DateOnly(2027, 1, 1), days[0]);
        Assert.Equal(new DateOnly(2027, 3, 10), days[^1]);
        Assert.Equal(days.Order(), days);
        Assert.All(days, d => Assert.InRange(d, new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 10)));

        // On New Year's Day the year has not begun: all of it is that day.
        Assert.All(new[] { "Y-01-01", "Y-07-01", "Y-12-31" }, t => Assert.Equal(new DateOnly(2028, 1, 1), On(2028, 1, 1, 0, 30).Date(t)));
        // 29 February of a leap year is a day like any other.
        Assert.Equal(new DateOnly(2028, 2, 29), On(2028, 2, 29).Date("Y-12-31"));
    }

    [Theory]
    [InlineData("2027-03-10")]
    [InlineData("27-03-10")]
    [InlineData("today-3x")]
    [InlineData("Y-13-01")]
    [InlineData("yesterday")]
    public void Anything_else_is_refused_with_the_text_in_the_message(string text)
    {
        var error = Assert.Throws<FormatException>(() => On(2027, 3, 10).Date(text));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Monthly_sessions_fall_on_third_thursdays_around_the_load_day_and_one_on_it()
    {
        var calendar = On(2027, 1, 5);
        Assert.Equal(new DateOnly(2027, 1, 5), calendar.SessionDate(0));
        Assert.Equal(new DateOnly(2026, 12, 17), calendar.SessionDate(-1));
        Assert.Equal(new DateOnly(2026, 9, 17), calendar.SessionDate(-4));
        Assert.Equal(new DateOnly(2027, 2, 18), calendar.SessionDate(1));
        // Whatever the day, held sessions lie before it and later ones after it.
        for (var day = new DateOnly(2027, 1, 1); day.Year == 2027; day = day.AddDays(1))
        {
            var on = new DemoCalendar(day, new TimeOnly(12, 0));
            Assert.True(on.SessionDate(-1) < day && on.SessionDate(1) > day, day.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(10, 7, "09:30", "12:00")]
    [InlineData(0, 10, "00:00", "02:30")]
    [InlineData(0, 40, "00:00", "02:30")]
    [InlineData(7, 30, "07:00", "09:30")]
    [InlineData(22, 0, "21:30", "23:59")]
    [InlineData(23, 50, "23:15", "23:59")]
    public void The_session_of_the_load_day_is_under_way_when_the_demo_loads(int hour, int minute, string start, string end)
    {
        var now = new TimeOnly(hour, minute);
        var (from, to) = new DemoCalendar(new DateOnly(2027, 1, 1), now).SessionNow();
        Assert.Equal((TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)), (from, to));
        Assert.True(from <= now && now < to);
    }

    [Fact]
    public void The_calendar_is_the_programme_clocks_not_the_servers()
    {
        // 23:30 UTC on 31 December is 07:30 on 1 January in China.
        var clock = new ProgrammeClock(new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero)));
        var calendar = DemoCalendar.At(clock);
        Assert.Equal((new DateOnly(2027, 1, 1), new TimeOnly(7, 30)), (calendar.Today, calendar.Now));
        Assert.Equal("2027年方案 2026", calendar.Text("{year}年方案 {last}"));
    }
}
