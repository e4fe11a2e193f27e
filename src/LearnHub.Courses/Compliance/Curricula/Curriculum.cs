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
    /// <summary>The tiers a curriculum is written for; a combined flag would make "which plan applies" ambiguous.</summary>
    public static readonly IReadOnlyList<Tier> PlannedTiers = [Tier.Leaders, Tier.Secretaries, Tier.Members, Tier.Staff];

    private Curriculum()
    {
    }

    public Curriculum(Tier tier, int year, string title, decimal hourTarget, string? description = null) =>
        Describe(tier, year, title, description, hourTarget);

    public int Id { get; private set; }

    public Tier Tier { get; private set; }

    public int Year { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public decimal HourTarget { get; private set; }

    public List<CurriculumCourse> Courses { get; } = [];

    public List<ElectivePool> Pools { get; } = [];

    public List<CurriculumSession> Sessions { get; } = [];

    /// <summary>Whether a curriculum may be written for <paramref name="tier"/>: exactly one of the planned tiers.</summary>
    public static bool IsPlannedTier(Tier tier) => PlannedTiers.Contains(tier);

    /// <summary>Sets what the curriculum is: its tier and year, title, description and overall hour target.</summary>
    public void Describe(Tier tier, int year, string title, string? description, decimal hourTarget)
    {
        if (!IsPlannedTier(tier))
        {
            throw new ArgumentOutOfRangeException(nameof(tier), tier, "A curriculum is for exactly one planned tier.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(hourTarget);
        Tier = tier;
        Year = year;
        Title = title.Trim();
        Description = description?.Trim() ?? "";
        HourTarget = hourTarget;
    }

    /// <summary>Whether a lecture-hall session on <paramref name="date"/> belongs to this curriculum's year.</summary>
    public bool InYear(DateOnly date) => date.Year == Year;

    /// <summary>
    /// Adds a course as required (<paramref name="poolId"/> null) or as an elective of one of this curriculum's pools.
    /// A course sits in one place only.
    /// </summary>
    public CurriculumCourseResult AddCourse(int courseId, int? poolId)
    {
        if (poolId is { } pool && Pools.All(p => p.Id != pool))
        {
            return CurriculumCourseResult.UnknownPool;
        }

        if (Courses.Any(c => c.CourseId == courseId))
        {
            return CurriculumCourseResult.AlreadyIncluded;
        }

        Courses.Add(new CurriculumCourse { CourseId = courseId, Required = poolId is null, ElectivePoolId = poolId });
        return CurriculumCourseResult.Added;
    }

    /// <summary>Requires a lecture-hall session of the curriculum's year; false when it is of another year.</summary>
    public bool RequireSession(int sessionId, DateOnly sessionDate)
    {
        if (!InYear(sessionDate))
        {
            return false;
        }

        if (Sessions.All(s => s.SessionId != sessionId))
        {
            Sessions.Add(new CurriculumSession { SessionId = sessionId });
        }

        return true;
    }

    /// <summary>Adds an elective pool after the existing ones.</summary>
    public ElectivePool AddPool(string title, decimal hourTarget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hourTarget);
        var pool = new ElectivePool { Title = title.Trim(), HourTarget = hourTarget, Order = Pools.Select(p => p.Order).DefaultIfEmpty().Max() + 1 };
        Pools.Add(pool);
        return pool;
    }

    /// <summary>
    /// Next year's curriculum as a starting point: same tier, courses, pools and targets. Required
    /// sessions are not copied: a lecture-hall session belongs to its own year. The year in the
    /// title follows, so "2026年…方案" becomes "2027年…方案" without anyone retyping it.
    /// </summary>
    public Curriculum CopyTo(int year)
    {
        var copy = new Curriculum(Tier, year,
            Title.Replace(Year.ToString(CultureInfo.InvariantCulture), year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            HourTarget, Description);
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

/// <summary>What <see cref="Curriculum.AddCourse"/> did.</summary>
public enum CurriculumCourseResult
{
    Added,
    UnknownPool,
    AlreadyIncluded,
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
