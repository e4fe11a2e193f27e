using LearnHub.Courses.Catalogue;
using LearnHub.Courses.People;

namespace LearnHub.Courses.Curricula;

/// <summary>A curriculum (培训方案) for one tier and one year.</summary>
public sealed class Curriculum
{
    public int Id { get; set; }

    public Tier Tier { get; set; }

    public int Year { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public decimal HourTarget { get; set; }

    public List<CurriculumCourse> Courses { get; } = [];
}

/// <summary>A course in a curriculum, required or elective.</summary>
public sealed class CurriculumCourse
{
    public int Id { get; set; }

    public int CurriculumId { get; set; }

    public int CourseId { get; set; }

    public Course? Course { get; set; }

    public bool Required { get; set; }
}
