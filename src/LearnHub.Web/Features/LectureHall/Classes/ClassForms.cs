using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.LectureHall.Admin;

namespace LearnHub.Web.Features.LectureHall.Classes;

public sealed class ClassForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Class.Title")]
    public string Title { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Class.Theme")]
    public string? Theme { get; set; }

    [Display(Name = "Class.Kind")]
    public ClassKind Kind { get; set; } = ClassKind.InPerson;

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Class.StartsOn")]
    public DateOnly? StartsOn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Class.EndsOn")]
    public DateOnly? EndsOn { get; set; }

    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Class.Place")]
    public string? Place { get; set; }

    [Range(1, 100_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Class.Capacity")]
    public int Capacity { get; set; } = 60;

    [Range(1, 100_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Class.Quota")]
    public int? OrganizationQuota { get; set; }

    [Display(Name = "Admin.Hall.Tiers")]
    public List<Tier> Tiers { get; set; } = [];

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Organizations")]
    public string? Organizations { get; set; }

    [StringLength(FieldLimits.Mobile, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Class.HeadTeacher")]
    public string? HeadTeacherMobile { get; set; }

    [Display(Name = "Class.OrganizingUnit")]
    public int? OrganizingUnitId { get; set; }
}

public sealed class ClassItemForm
{
    [Display(Name = "Class.ItemKind")]
    public ClassItemKind Kind { get; set; } = ClassItemKind.OnlineCourse;

    [Display(Name = "Class.Course")]
    public int? CourseId { get; set; }

    [Display(Name = "Class.Quiz")]
    public int? QuizId { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Class.OpensOn")]
    public DateOnly? OpensOn { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Class.ClosesOn")]
    public DateOnly? ClosesOn { get; set; }
}

/// <summary>The class form with what it offers and where it posts: creating on the list, editing on the class.</summary>
public sealed record ClassFormView(ClassForm Form, IReadOnlyList<(int Id, string Name)> Units, string Action);

public sealed record ClassRow(int Id, string Title, ClassKind Kind, DateOnly StartsOn, DateOnly EndsOn, int Capacity, int Admitted, int Pending);

public sealed record ClassListPage(IReadOnlyList<ClassRow> Classes, ClassForm Form, IReadOnlyList<(int Id, string Name)> Units);

public sealed record TimetableEntry(DateOnly Date, TimeOnly? Start, TimeOnly? End, string Kind, string Title, string? Lecturer, string? Place, DateOnly? Until, int? SessionId, int? ItemId);

public sealed record EnrolmentRow(int Id, int PersonId, string Name, string Organization, EnrolmentRoute Route, EnrolmentStatus Status, DateTimeOffset RequestedAt, string Reason);

public sealed record ClassPlanPage(TrainingClass Class, ClassForm Form, ClassTimetable Totals, decimal HoursPerDay, IReadOnlyList<TimetableEntry> Timetable,
    SessionForm Session, ClassItemForm Item, IReadOnlyList<(int Id, string Name)> Lecturers, IReadOnlyList<(int Id, string Title)> Courses,
    IReadOnlyList<(int Id, string Title)> Quizzes, IReadOnlyList<(int Id, string Name)> Units, IReadOnlyList<EnrolmentRow> Enrolments);

public sealed record TraineeClassPage(TrainingClass Class, ClassTimetable Totals, decimal HoursPerDay, IReadOnlyList<TimetableEntry> Timetable,
    ClassEnrolment? Enrolment, int? WaitingPosition, bool MayApply, bool LooksAfterPeople, bool Completed = false);

public sealed record NominatePage(TrainingClass Class, IReadOnlyList<EnrolmentRow> Enrolments, IReadOnlyList<(int Id, string Name, string Organization)> People,
    string? Query, int? QuotaLeft);
