using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Web.Features.LectureHall.Admin;

public sealed record SeriesRow(int Id, string Title, int Year, int Sessions);

public sealed class SeriesForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.SeriesTitle")]
    public string Title { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Summary")]
    public string? Summary { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [RegularExpression("^20[0-9]{2}-(0[1-9]|1[0-2])$", ErrorMessage = "Validation.Month")]
    [Display(Name = "Admin.Hall.FirstMonth")]
    public string FirstMonth { get; set; } = "";

    [Range(1, 24, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Count")]
    public int Count { get; set; } = 8;

    [Range(1, 100_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Capacity")]
    public int Capacity { get; set; } = 180;
}

public sealed record SeriesList(IReadOnlyList<SeriesRow> Items, SeriesForm Form);

public sealed class SessionForm
{
    [Range(1, 999, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Number")]
    public int Number { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Hall.Date")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Hall.Start")]
    public TimeOnly? StartTime { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Hall.End")]
    public TimeOnly? EndTime { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Topic")]
    public string Topic { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Description")]
    public string? Description { get; set; }

    [Display(Name = "Admin.Hall.Lecturer")]
    public int? LecturerId { get; set; }

    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Venue")]
    public string? Venue { get; set; }

    [Display(Name = "Admin.Hall.LiveRoom")]
    public bool HasLiveRoom { get; set; }

    [Range(1, 100_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Capacity")]
    public int Capacity { get; set; } = 180;

    [Display(Name = "Admin.Hall.Tiers")]
    public List<Tier> Tiers { get; set; } = [];

    [Display(Name = "Admin.Hall.Fields")]
    public List<OrganizationField> Fields { get; set; } = [];

    /// <summary>Unified social credit codes, one per line or separated by commas.</summary>
    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Organizations")]
    public string? Organizations { get; set; }
}

public sealed record SessionEditPage(int SeriesId, string SeriesTitle, int? SessionId, SessionForm Form, IReadOnlyList<(int Id, string Name)> Lecturers);

/// <param name="OwningClass">The training class whose own series this is (its timetable), if any: then it is planned there.</param>
public sealed record SeriesPage(LectureHallSeries Series, (int Id, string Title)? OwningClass = null);
