using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Catalogue;

/// <summary>A course (课程) in the catalogue.</summary>
public sealed class Course
{
    public int Id { get; set; }

    /// <summary>URL-safe identifier, unique.</summary>
    public string Slug { get; set; } = "";

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    /// <summary>Course notes in Markdown; rendered without raw HTML.</summary>
    public string NotesMarkdown { get; set; } = "";

    public CourseTopic Topic { get; set; }

    /// <summary>Fields the course is aimed at; None means every field.</summary>
    public OrganizationField Fields { get; set; }

    public Tier Tiers { get; set; }

    public CourseFormat Format { get; set; }

    /// <summary>
    /// The hours the course credits under the current programme year's rules, derived from its lessons by
    /// the course-credit service (kept in step when lessons or rules change) so that lists and plans can sum it
    /// in SQL. Never typed in: what a person is credited is computed from their own work at completion.
    /// </summary>
    public decimal CreditHours { get; set; }

    public int? LecturerId { get; set; }

    public Lecturer? Lecturer { get; set; }

    public bool Published { get; set; } = true;

    /// <summary>On a first viewing a trainee cannot skip past what they have already watched.</summary>
    public bool RestrictSeekingOnFirstViewing { get; set; } = true;

    public List<Lesson> Lessons { get; } = [];
}

/// <summary>A lesson of a course: a video (held by the media module), notes and later a quiz.</summary>
public sealed class Lesson
{
    public int Id { get; set; }

    public int CourseId { get; set; }

    public int Order { get; set; }

    public string Title { get; set; } = "";

    public int Minutes { get; set; }

    public string NotesMarkdown { get; set; } = "";

    /// <summary>The media module's asset id, once a video is attached.</summary>
    public Guid? MediaAssetId { get; set; }

    /// <summary>The attached video's real length, as the media module measured it; 0 without a video.</summary>
    public double VideoSeconds { get; set; }

    /// <summary>
    /// For a lesson without a video (notes, slides): how long its author expects it to be read, which is both
    /// the time a reader's page must be open and visible to complete it and the minutes it credits.
    /// </summary>
    public int ReadingMinutes { get; set; }
}

public enum CourseTopic
{
    /// <summary>党的理论与政策</summary>
    PartyTheory = 1,
    /// <summary>党建实务</summary>
    PartyBuilding = 2,
    /// <summary>法律法规</summary>
    Law = 3,
    /// <summary>法人治理</summary>
    Governance = 4,
    /// <summary>财务与资产</summary>
    Finance = 5,
    /// <summary>领域实务</summary>
    FieldPractice = 6,
}

public enum CourseFormat
{
    /// <summary>培训班</summary>
    TrainingClass = 1,
    /// <summary>读书班</summary>
    ReadingClass = 2,
    /// <summary>研讨班</summary>
    Seminar = 3,
    /// <summary>网络课程</summary>
    Online = 4,
    /// <summary>微课堂</summary>
    MicroLesson = 5,
    /// <summary>案例教学</summary>
    CaseTeaching = 6,
    /// <summary>现场教学</summary>
    OnSite = 7,
    /// <summary>云宣讲 / 直播</summary>
    Live = 8,
}
