using System.Globalization;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Compliance.Curricula;

/// <summary>
/// A curriculum (培训方案) for one tier and one year: required courses, elective pools each with
/// an hour target, required lecture-hall sessions, and an overall hour target.
/// </summary>
public sealed class Curriculum
{
    public int Id { get; set; }

    public Tier Tier { get; set; }

    public int Year { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public decimal HourTarget { get; set; }

    public List<CurriculumCourse> Courses { get; } = [];

    public List<ElectivePool> Pools { get; } = [];

    public List<CurriculumSession> Sessions { get; } = [];

    /// <summary>
    /// Next year's curriculum as a starting point: same tier, courses, pools and targets. Required
    /// sessions are not copied: a lecture-hall session belongs to its own year. The year in the
    /// title follows, so "2026年…方案" becomes "2027年…方案" without anyone retyping it.
    /// </summary>
    public Curriculum CopyTo(int year)
    {
        var copy = new Curriculum
        {
            Tier = Tier,
            Year = year,
            Title = Title.Replace(Year.ToString(CultureInfo.InvariantCulture), year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            Description = Description,
            HourTarget = HourTarget,
        };
        var pools = Pools.OrderBy(p => p.Order).ToDictionary(p => p, p => new ElectivePool { Title = p.Title, HourTarget = p.HourTarget, Order = p.Order });
        copy.Pools.AddRange(pools.Values);
        foreach (var course in Courses)
        {
            var pool = course.ElectivePoolId is { } poolId ? pools.Single(p => p.Key.Id == poolId).Value : null;
            copy.Courses.Add(new CurriculumCourse { CourseId = course.CourseId, Required = course.Required, Pool = pool });
        }

        return copy;
    }
}

/// <summary>
/// A group of electives (选修课程组) with its own hour target: a trainee chooses among the courses
/// until the pool's hours are reached.
/// </summary>
public sealed class ElectivePool
{
    public int Id { get; set; }

    public int CurriculumId { get; set; }

    public string Title { get; set; } = "";

    public decimal HourTarget { get; set; }

    public int Order { get; set; }
}

/// <summary>A course in a curriculum: required, or an elective in one pool.</summary>
public sealed class CurriculumCourse
{
    public int Id { get; set; }

    public int CurriculumId { get; set; }

    public int CourseId { get; set; }

    public Course? Course { get; set; }

    public bool Required { get; set; }

    /// <summary>Set for electives; null for required courses.</summary>
    public int? ElectivePoolId { get; set; }

    public ElectivePool? Pool { get; set; }
}

/// <summary>A lecture-hall session a curriculum requires its tier to attend (in the room or live).</summary>
public sealed class CurriculumSession
{
    public int CurriculumId { get; set; }

    public int SessionId { get; set; }

    public LectureHallSession? Session { get; set; }
}
