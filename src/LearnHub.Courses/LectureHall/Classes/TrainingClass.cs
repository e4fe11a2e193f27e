using LearnHub.Courses.Catalogue;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>How a class is held: in a classroom, online over a fixed window (网络专题班), or both.</summary>
public enum ClassKind
{
    InPerson = 1,
    Online = 2,
    Blended = 3,
}

/// <summary>
/// A training class (培训班 / 专题班). Its in-person sessions and live lectures are the sessions of its own lecture-hall
/// series (<see cref="SeriesId"/>, marked <see cref="LectureHallSeries.IsClass"/>), so check-in, attendance, the 1/7
/// leave rule and the single ledger credit work for it as for any multi-day class; the required online courses and
/// the closing quiz are <see cref="Items"/>.
/// </summary>
public sealed class TrainingClass
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    /// <summary>The theme (主题), what the class is about.</summary>
    public string Theme { get; set; } = "";

    public ClassKind Kind { get; set; }

    public DateOnly StartsOn { get; set; }

    public DateOnly EndsOn { get; set; }

    public string Place { get; set; } = "";

    /// <summary>Seats: admitted trainees beyond it wait.</summary>
    public int Capacity { get; set; }

    /// <summary>
    /// Moves whenever a seat is taken or freed, and is a concurrency token: of two decisions racing for the last seat
    /// only the first saves, on SQLite and PostgreSQL alike, whether or not the class has sessions yet.
    /// </summary>
    public int SeatsVersion { get; set; }

    /// <summary>
    /// How many people one organization may have in the class (nominated, admitted or waiting); null: no quota.
    /// </summary>
    public int? OrganizationQuota { get; set; }

    /// <summary>Target tiers (none: any tier).</summary>
    public Tier Tiers { get; set; }

    /// <summary>Target organizations (empty: any organization).</summary>
    public List<ClassTargetOrganization> TargetOrganizations { get; } = [];

    /// <summary>The head teacher's (班主任) account id; accounts live in the web host.</summary>
    public string? HeadTeacherUserId { get; set; }

    /// <summary>The unit that organizes the class; its accounts may plan it. Null: the programme's organizers.</summary>
    public int? OrganizingUnitId { get; set; }

    public SupervisingUnit? OrganizingUnit { get; set; }

    public int SeriesId { get; set; }

    public LectureHallSeries? Series { get; set; }

    public List<ClassItem> Items { get; } = [];

    public List<ClassEnrolment> Enrolments { get; } = [];

    /// <summary>Whether completing the class takes an accepted reflection (学习心得).</summary>
    public bool ReflectionRequired { get; set; }

    /// <summary>The fewest characters a reflection has, whitespace not counted (<see cref="ReflectionText.Count"/>).</summary>
    public int ReflectionMinLength { get; set; }

    /// <summary>The last programme day a reflection is taken; none: no deadline.</summary>
    public DateOnly? ReflectionDueOn { get; set; }

    /// <summary>Null: a reflection is graded pass or fail; otherwise it is scored 0–100 and passes from this mark.</summary>
    public int? ReflectionPassMark { get; set; }

    /// <summary>Whether a person belongs to the target audience (every filter that is set must match).</summary>
    public bool Targets(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return (Tiers == Tier.None || (person.Tiers & Tiers) != 0)
            && (TargetOrganizations.Count == 0 || TargetOrganizations.Any(o => o.OrganizationId == person.OrganizationId));
    }
}

/// <summary>An organization a class is meant for.</summary>
public sealed class ClassTargetOrganization
{
    public int ClassId { get; set; }

    public int OrganizationId { get; set; }

    public Organization? Organization { get; set; }
}

/// <summary>A timetable item that is not a session: a required online course or the closing quiz.</summary>
public enum ClassItemKind
{
    OnlineCourse = 1,
    ClosingQuiz = 2,
}

/// <summary>
/// A timetable item besides the sessions: a required online course to finish between <see cref="OpensOn"/> and
/// <see cref="ClosesOn"/>, or the closing quiz (结业测验) open in that window.
/// </summary>
public sealed class ClassItem
{
    public int Id { get; set; }

    public int ClassId { get; set; }

    public ClassItemKind Kind { get; set; }

    public int? CourseId { get; set; }

    public Course? Course { get; set; }

    /// <summary>The closing quiz, by id: assessments build on the lecture hall, not the other way round.</summary>
    public int? QuizId { get; set; }

    public DateOnly OpensOn { get; set; }

    public DateOnly ClosesOn { get; set; }
}
