using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>Why a lecturer cannot be scheduled for a session.</summary>
public enum SchedulingProblem
{
    None,
    OutsideTerm,
    Overlaps,
    EndBeforeStart,
}

/// <summary>The answer to "may this lecturer give this session": the problem and, for an overlap, the clashing session.</summary>
public sealed record SchedulingCheck(SchedulingProblem Problem, LectureHallSession? Clash = null)
{
    public bool Ok => Problem == SchedulingProblem.None;
}

/// <summary>Creates series and checks a session's schedule against its lecturer's other sessions and term.</summary>
public sealed class SessionScheduling(CoursesDbContext db)
{
    /// <summary>A lecturer cannot be in two places at once, nor teach outside their appointment term (聘期).</summary>
    public async Task<SchedulingCheck> CheckAsync(int? sessionId, int? lecturerId, DateOnly date, TimeOnly start, TimeOnly end, CancellationToken cancellationToken = default)
    {
        if (end <= start)
        {
            return new(SchedulingProblem.EndBeforeStart);
        }

        if (lecturerId is not { } id)
        {
            return new(SchedulingProblem.None);
        }

        var lecturer = await db.Lecturers.AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (lecturer is not null && !lecturer.IsAppointedOn(date))
        {
            return new(SchedulingProblem.OutsideTerm);
        }

        var clash = await db.LectureHallSessions.AsNoTracking().Include(s => s.Series)
            .Where(s => s.LecturerId == id && s.Date == date && s.Id != (sessionId ?? 0)
                && s.StartTime < end && start < s.EndTime)
            .OrderBy(s => s.StartTime).FirstOrDefaultAsync(cancellationToken);
        return clash is null ? new(SchedulingProblem.None) : new(SchedulingProblem.Overlaps, clash);
    }

    /// <summary>
    /// A new series of <paramref name="count"/> monthly sessions from a month: same weekday rule as the
    /// papers' first series (the third Thursday), afternoon, to be edited one by one afterwards.
    /// </summary>
    public static LectureHallSeries Plan(string title, string summary, int year, int firstMonth, int count, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 24);
        var series = new LectureHallSeries { Title = title, Summary = summary, Year = year };
        var month = new DateOnly(year, firstMonth, 1);
        for (var n = 1; n <= count; n++, month = month.AddMonths(1))
        {
            series.Sessions.Add(new LectureHallSession
            {
                Number = n, Date = ThirdThursday(month), StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(17, 0),
                Capacity = capacity,
            });
        }

        return series;
    }

    public static DateOnly ThirdThursday(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var offset = ((int)DayOfWeek.Thursday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 14);
    }
}
