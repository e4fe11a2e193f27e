using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

public sealed class QuestionForm
{
    [Display(Name = "Assess.Question.Kind")]
    public QuestionKind Kind { get; set; } = QuestionKind.SingleChoice;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Stem")]
    public string Stem { get; set; } = "";

    /// <summary>One option a line, A first.</summary>
    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Options")]
    public string? Options { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Answer")]
    public string Answer { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Explanation")]
    public string? Explanation { get; set; }
}
