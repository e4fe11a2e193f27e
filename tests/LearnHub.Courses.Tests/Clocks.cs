using LearnHub.Courses.Calendar;

namespace LearnHub.Courses.Tests;

internal static class Clocks
{
    /// <summary>The programme's clock (China time) over a test's fake clock.</summary>
    public static ProgrammeClock Programme(this TimeProvider time) => new(time);
}
