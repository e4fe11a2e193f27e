using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LearnHub.Courses.Content;

// The shapes of the files in content/ (see content/README.md). Public setters because YamlDotNet fills them.
#pragma warning disable CA1002, CA2227 // plain data-transfer shapes of YAML files

internal sealed class UnitsFile
{
    public List<UnitEntry> Units { get; set; } = [];
}

internal sealed class UnitEntry
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}

internal sealed class LecturersFile
{
    public List<LecturerEntry> Lecturers { get; set; } = [];
}

internal sealed class LecturerEntry
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string Affiliation { get; set; } = "";
    public List<string> Expertise { get; set; } = [];
    public string Bio { get; set; } = "";
}

internal sealed class CourseFrontMatter
{
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Topic { get; set; } = "";
    public List<string> Fields { get; set; } = [];
    public List<string> Tiers { get; set; } = [];
    public string Format { get; set; } = "";
    public string? Lecturer { get; set; }
    public List<LessonEntry> Lessons { get; set; } = [];
}

internal sealed class LessonEntry
{
    public string Title { get; set; } = "";
    public int Minutes { get; set; }

    /// <summary>The reading time of the lesson while it has no video; its minutes when not given.</summary>
    public int? Reading { get; set; }

    public string Notes { get; set; } = "";
}

internal sealed class SeriesFile
{
    public SeriesEntry Series { get; set; } = new();
}

internal sealed class SeriesEntry
{
    /// <summary>The title; <c>{years}</c> becomes the years its sessions fall in ("2026" or "2026—2027").</summary>
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<SessionEntry> Sessions { get; set; } = [];
}

internal sealed class SessionEntry
{
    public int Number { get; set; }

    /// <summary>Months from the load day (<see cref="DemoCalendar.SessionDate"/>); 0 is held on the load day, now.</summary>
    public int Month { get; set; }

    /// <summary>Wall-clock times ("HH:mm") of a session not held on the load day.</summary>
    public string Start { get; set; } = "";
    public string End { get; set; } = "";

    /// <summary>People outside the audience who registered, in roster order; those over the capacity wait in line.</summary>
    public int Registrations { get; set; }

    /// <summary>Mobile numbers of people who missed the session (held sessions only).</summary>
    public List<string> Absent { get; set; } = [];
    public string Topic { get; set; } = "";
    public string? Lecturer { get; set; }
    public string Venue { get; set; } = "";
    public bool LiveRoom { get; set; }

    /// <summary>A Markdown file beside the series file with the live room's slides, split on lines of ---.</summary>
    public string? Slides { get; set; }
    public int Capacity { get; set; }
    public List<string> Tiers { get; set; } = [];
    public string Description { get; set; } = "";
}

internal sealed class CurriculaFile
{
    /// <summary>The years each curriculum is made for, from the load day's year (-1 is last year).</summary>
    public List<int> Years { get; set; } = [0];
    public List<CurriculumEntry> Curricula { get; set; } = [];
}

internal sealed class CurriculumEntry
{
    public string Tier { get; set; } = "";

    /// <summary>The title; <c>{year}</c> becomes the curriculum's year.</summary>
    public string Title { get; set; } = "";
    public decimal HourTarget { get; set; }
    public string Description { get; set; } = "";
    public List<string> Required { get; set; } = [];
    public List<PoolEntry> Pools { get; set; } = [];
}

internal sealed class PoolEntry
{
    public string Title { get; set; } = "";
    public decimal Hours { get; set; }
    public List<string> Courses { get; set; } = [];
}

internal sealed class LifecycleFile
{
    public Dictionary<string, List<string>> Stages { get; set; } = [];
    public List<LifecycleEventEntry> Events { get; set; } = [];
}

internal sealed class LifecycleEventEntry
{
    public string Organization { get; set; } = "";
    public string Stage { get; set; } = "";
    public string Date { get; set; } = "";
    public string Note { get; set; } = "";
}

internal sealed class AssignmentsFile
{
    public List<AssignmentEntry> Assignments { get; set; } = [];
}

internal sealed class AssignmentEntry
{
    public string? Course { get; set; }

    /// <summary>A tier: this year's curriculum of it is assigned.</summary>
    public string? Curriculum { get; set; }
    public List<string> Organizations { get; set; } = [];
    public List<string> People { get; set; } = [];
    public string Assigned { get; set; } = "";
    public string Due { get; set; } = "";
}

internal sealed class LearningFile
{
    /// <summary>Mobile number → "course-slug date" items.</summary>
    public Dictionary<string, List<string>> Completions { get; set; } = [];
}

/// <summary>Demo accounts; read by the Web host, which owns Identity.</summary>
public sealed class DemoAccountsFile
{
    public List<DemoAccountEntry> Accounts { get; set; } = [];
}

public sealed class DemoAccountEntry
{
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Lecturer { get; set; }
    public string? Unit { get; set; }
    public string? PersonMobile { get; set; }
}

internal sealed class ClassesFile
{
    public ClassEntry Class { get; set; } = new();

    /// <summary>An earlier class, already held, whose people completed it (days before the load day are negative).</summary>
    public ClassEntry? Held { get; set; }
}

internal sealed class ClassEntry
{
    public string Title { get; set; } = "";
    public string Theme { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Place { get; set; } = "";
    public int Capacity { get; set; }
    public int? OrganizationQuota { get; set; }
    public List<string> Tiers { get; set; } = [];
    public List<ClassSessionEntry> Sessions { get; set; } = [];
    public List<ClassCourseEntry> OnlineCourses { get; set; } = [];
    public List<ClassEnrolmentEntry> Enrolments { get; set; } = [];
    public ClassReflectionEntry? Reflection { get; set; }
}

internal sealed class ClassReflectionEntry
{
    public int MinLength { get; set; }
    public int DueDay { get; set; }
    public int? PassMark { get; set; }
    public List<ReflectionSubmissionEntry> Submissions { get; set; } = [];
}

internal sealed class ReflectionSubmissionEntry
{
    public string Mobile { get; set; } = "";
    public string Text { get; set; } = "";
    public int? Score { get; set; }
    public bool? Passed { get; set; }
    public string? Comment { get; set; }
}

internal sealed class ClassSessionEntry
{
    public int Day { get; set; }
    public string Start { get; set; } = "";
    public string End { get; set; } = "";
    public string Topic { get; set; } = "";
    public string? Lecturer { get; set; }
    public bool Live { get; set; }
}

internal sealed class ClassCourseEntry
{
    public string Course { get; set; } = "";
    public int FromDay { get; set; }
    public int ToDay { get; set; }
}

internal sealed class ClassEnrolmentEntry
{
    public string Mobile { get; set; } = "";
    public string Route { get; set; } = "";
    public string State { get; set; } = "";
    public string? Reason { get; set; }
    /// <summary>Of a held class: the numbers of the sessions the person was on leave from, for <see cref="Reason"/>.</summary>
    public List<int> OnLeave { get; set; } = [];
}

#pragma warning restore CA1002, CA2227

/// <summary>YAML reading shared by the content loaders.</summary>
public static class ContentYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static T Read<T>(string path) => Deserializer.Deserialize<T>(File.ReadAllText(path));

    internal static T Parse<T>(string yaml) => Deserializer.Deserialize<T>(yaml);
}
