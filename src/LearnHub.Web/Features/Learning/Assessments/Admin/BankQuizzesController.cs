using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

/// <summary>Quizzes drawn from a bank and placed on a lesson or a lecture-hall session.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
[Route("/admin/assessments")]
public sealed class BankQuizzesController(CoursesDbContext db, CurrentScope scope, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = AssessmentPages.Views;
    private readonly AssessmentPages _pages = new(db, scope, t);

    private AssessmentAccess Access => _pages.Access;

    [HttpGet("banks/{id:int}/quizzes/new")]
    public async Task<IActionResult> CreateQuiz(int id, CancellationToken cancellationToken) =>
        await Access.CanManageBankAsync(id, cancellationToken) ? await QuizView(id, null, new QuizForm(), cancellationToken) : NotFound();

    [HttpGet("quizzes/{id:int}/edit")]
    public async Task<IActionResult> EditQuiz(int id, CancellationToken cancellationToken)
    {
        var q = await Access.Quizzes().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return q is null ? NotFound() : await QuizView(q.BankId, id, new QuizForm
        {
            Title = q.Title, QuestionCount = q.QuestionCount, PassPercent = q.PassPercent, MaxAttempts = q.MaxAttempts,
            TimeLimitMinutes = q.TimeLimitMinutes, Published = q.Published, AnswerKeyShown = q.AnswerKeyShown,
            Place = q.LessonId is { } l ? $"lesson:{l}" : $"session:{q.LectureHallSessionId}",
        }, cancellationToken);
    }

    [HttpPost("banks/{id:int}/quizzes/new")]
    public Task<IActionResult> CreateQuiz(int id, QuizForm form, CancellationToken cancellationToken) => SaveQuizAsync(id, null, form, cancellationToken);

    [HttpPost("quizzes/{id:int}/edit")]
    public async Task<IActionResult> EditQuiz(int id, QuizForm form, CancellationToken cancellationToken)
    {
        var bankId = await Access.Quizzes().Where(q => q.Id == id).Select(q => (int?)q.BankId).SingleOrDefaultAsync(cancellationToken);
        return bankId is null ? NotFound() : await SaveQuizAsync(bankId.Value, id, form, cancellationToken);
    }

    private async Task<IActionResult> SaveQuizAsync(int bankId, int? id, QuizForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await Access.CanManageBankAsync(bankId, cancellationToken))
        {
            return NotFound();
        }

        var place = AssessmentAccess.ParsePlace(form.Place, await Access.QuizPlacesAsync(cancellationToken));
        if (place is null)
        {
            ModelState.AddModelError(nameof(form.Place), t["Assess.Quiz.PlaceRequired"]);
        }

        var available = await db.Set<Question>().CountAsync(q => q.BankId == bankId && !q.Retired, cancellationToken);
        if (form.QuestionCount > available)
        {
            ModelState.AddModelError(nameof(form.QuestionCount), t["Assess.Quiz.TooFewQuestions", available]);
        }

        if (!ModelState.IsValid)
        {
            return await QuizView(bankId, id, form, cancellationToken);
        }

        var quiz = id is { } existing
            ? await db.Set<Quiz>().SingleAsync(q => q.Id == existing, cancellationToken)
            : db.Add(new Quiz { BankId = bankId }).Entity;
        quiz.Title = form.Title.Trim();
        quiz.LessonId = place!.Value.Kind == "lesson" ? place.Value.Id : null;
        quiz.LectureHallSessionId = place.Value.Kind == "session" ? place.Value.Id : null;
        quiz.QuestionCount = form.QuestionCount;
        quiz.PassPercent = form.PassPercent;
        quiz.MaxAttempts = form.MaxAttempts;
        quiz.TimeLimitMinutes = form.TimeLimitMinutes;
        quiz.Published = form.Published;
        quiz.AnswerKeyShown = form.AnswerKeyShown;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/assessments/banks/{bankId}");
    }

    private async Task<ViewResult> QuizView(int bankId, int? id, QuizForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        ViewData["BankId"] = bankId;
        ViewData["Id"] = id;
        ViewData["Places"] = await Access.QuizPlacesAsync(cancellationToken);
        return View(Views + "Quiz.cshtml", form);
    }
}
