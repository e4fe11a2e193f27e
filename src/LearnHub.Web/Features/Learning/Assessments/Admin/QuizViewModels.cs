using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

public sealed record QuizRow(int Id, int BankId, string Title, string Place, int QuestionCount, int PassPercent, int MaxAttempts, int? TimeLimitMinutes, bool Published);

public sealed class QuizForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Quiz.Title")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Assess.Quiz.Place")]
    public string Place { get; set; } = "";

    [Range(1, Quiz.MaxQuestions, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.QuestionCount")]
    public int QuestionCount { get; set; } = 10;

    [Range(1, 100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.PassPercent")]
    public int PassPercent { get; set; } = 60;

    [Range(1, Quiz.MaxAttemptsLimit, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.MaxAttempts")]
    public int MaxAttempts { get; set; } = 3;

    [Range(1, Quiz.MaxTimeLimitMinutes, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.TimeLimit")]
    public int? TimeLimitMinutes { get; set; }

    [Display(Name = "Assess.Quiz.AnswerKeyShown")]
    public AnswerKeyShown AnswerKeyShown { get; set; } = AnswerKeyShown.AfterLastAttempt;

    [Display(Name = "Assess.Quiz.Published")]
    public bool Published { get; set; } = true;
}
