using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

public sealed record BankRow(int Id, string Title, string Owner, int Questions, int Quizzes);

public sealed record AssessmentsHome(IReadOnlyList<BankRow> Banks, IReadOnlyList<QuizRow> Quizzes, bool IsAdmin);

public sealed record BankDetails(int Id, string Title, string Owner, IReadOnlyList<Question> Questions, IReadOnlyList<QuizRow> Quizzes,
    QuestionImportResult? Import = null, ImportUpload? Upload = null);

public sealed class BankForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Bank.Title")]
    public string Title { get; set; } = "";

    /// <summary>"course:5", "session:3", or empty for a shared bank (administrators only).</summary>
    [Display(Name = "Assess.Bank.Owner")]
    public string? Owner { get; set; }
}
