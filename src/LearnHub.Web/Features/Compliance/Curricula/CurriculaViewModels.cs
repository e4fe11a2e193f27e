using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Web.Features.Compliance.Curricula;

public sealed record CurriculumRow(int Id, Tier Tier, string Title, decimal HourTarget, int Required, int Pools, decimal RequiredHours);

public sealed record CurriculaList(int Year, IReadOnlyList<int> Years, IReadOnlyList<CurriculumRow> Items, IReadOnlyList<Tier> MissingTiers, bool NextYearExists,
    ProgrammeYear? Opened = null);

public sealed record CourseChoice(int Id, string Title, decimal CreditHours);

public sealed record PoolView(int Id, string Title, decimal HourTarget, decimal OfferedHours, IReadOnlyList<CourseChoice> Courses);

/// <summary>A lecture-hall session as a curriculum lists it.</summary>
public sealed record SessionChoice(int Id, DateOnly Date, string Topic, string Series);

public sealed record CurriculumDetails(int Id, Tier Tier, int Year, string Title, string Description, decimal HourTarget,
    IReadOnlyList<CourseChoice> Required, IReadOnlyList<PoolView> Pools, IReadOnlyList<CourseChoice> Available,
    IReadOnlyList<SessionChoice> Sessions, IReadOnlyList<SessionChoice> AvailableSessions)
{
    public decimal PlannedHours => Required.Sum(c => c.CreditHours) + Pools.Sum(p => p.HourTarget);
}

public sealed class CurriculumForm
{
    [Required(ErrorMessage = "Validation.Choose")]
    [Display(Name = "Admin.Curriculum.Tier")]
    public Tier? Tier { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(2000, 2100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Curriculum.Year")]
    public int? Year { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Curriculum.Title")]
    public string Title { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Curriculum.Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(typeof(decimal), "0", "500", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Curriculum.HourTarget")]
    public decimal? HourTarget { get; set; }
}

public sealed class PoolForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Curriculum.PoolTitle")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Range(typeof(decimal), "0.25", "500", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Curriculum.PoolHours")]
    public decimal? HourTarget { get; set; }
}
