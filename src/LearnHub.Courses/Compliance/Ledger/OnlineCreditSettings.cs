namespace LearnHub.Courses.Compliance.Ledger;

/// <summary>
/// How an online course's length becomes credit hours: a course at least <see cref="LongMinutes"/>
/// long earns <see cref="LongHours"/>, one longer than <see cref="ShortMaxMinutes"/> earns
/// <see cref="MediumHours"/>, a shorter one <see cref="ShortHours"/>; a passed test adds <see cref="PassedTestHours"/>.
/// </summary>
public sealed class OnlineCreditSettings
{
    public int LongMinutes { get; set; } = 30;

    public decimal LongHours { get; set; } = 1m;

    public int ShortMaxMinutes { get; set; } = 15;

    public decimal MediumHours { get; set; } = 0.5m;

    public decimal ShortHours { get; set; } = 0.25m;

    public decimal PassedTestHours { get; set; } = 0.5m;

    /// <summary>The credit hours of one online course of the given length.</summary>
    public decimal HoursFor(int minutes, bool passedTest)
    {
        var hours = minutes <= 0 ? 0m
            : minutes >= LongMinutes ? LongHours
            : minutes > ShortMaxMinutes ? MediumHours
            : ShortHours;
        return hours + (passedTest ? PassedTestHours : 0m);
    }
}

/// <summary>
/// The online conversion in force in a programme year: the active rule set's, answered by the rules. The
/// ledger owns the question so that contexts crediting online work (watching, reading, quizzes) need not
/// depend on the rules.
/// </summary>
public interface IOnlineCreditRules
{
    Task<OnlineCreditSettings> ForYearAsync(int year, CancellationToken cancellationToken);
}
