using System.Globalization;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Assessments;

public sealed record QuizPage(QuizOverview Quiz, IReadOnlyList<AttemptSummary> Attempts, bool CanTake, string? Message);

/// <summary>
/// Taking a quiz (测验): any signed-in user with a person record takes their own attempts; the
/// paper carries no key, and the result with the key is shown only after submission.
/// </summary>
public sealed class QuizzesController(QuizService quizzes, QuizQueries queries, CurrentScope scope, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = "~/Features/Learning/Assessments/";

    /// <summary>Answers arrive as q{questionId}; longer texts than this are cut, not stored.</summary>
    private const int MaxTextAnswer = 200;

    [HttpGet("/lessons/{lessonId:int}/quiz")]
    public async Task<IActionResult> ForLesson(int lessonId, CancellationToken cancellationToken) =>
        await queries.LessonQuizIdAsync(lessonId, cancellationToken) is { } id ? Redirect($"/quizzes/{id}") : NotFound();

    [HttpGet("/lecture-hall/sessions/{sessionId:int}/quiz")]
    public async Task<IActionResult> ForSession(int sessionId, CancellationToken cancellationToken) =>
        await queries.SessionQuizIdAsync(sessionId, cancellationToken) is { } id ? Redirect($"/quizzes/{id}") : NotFound();

    [HttpGet("/quizzes/{id:int}")]
    public async Task<IActionResult> Quiz(int id, CancellationToken cancellationToken)
    {
        var quiz = await queries.QuizAsync(id, cancellationToken);
        if (quiz is null)
        {
            return NotFound();
        }

        var attempts = scope.PersonId is { } person ? await queries.AttemptsAsync(id, person, cancellationToken) : [];
        // A quiz not yet open to trainees exists only for those who already took it.
        if (!quiz.Published && attempts.Count == 0)
        {
            return NotFound();
        }

        ViewData["Section"] = "learning";
        string? message = scope.PersonId is null ? t["Quiz.NoPerson"].Value : null;
        return View(Views + "Quiz.cshtml", new QuizPage(quiz, attempts, quiz.Published && scope.PersonId is not null && attempts.Count < quiz.MaxAttempts
            || (quiz.Published && attempts.Any(a => a.State == AttemptState.InProgress)), message ?? TempData.Flashed(FlashKind.QuizMessage)));
    }

    [HttpPost("/quizzes/{id:int}/start")]
    public async Task<IActionResult> Start(int id, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } person)
        {
            return Forbid();
        }

        var result = await quizzes.StartAsync(id, person, cancellationToken);
        switch (result.Outcome)
        {
            case StartOutcome.Started or StartOutcome.Resumed:
                return Redirect($"/quizzes/attempts/{result.AttemptId}");
            case StartOutcome.NotFound:
                return NotFound();
            default:
                this.Flash(FlashKind.QuizMessage, t[$"Quiz.Start.{result.Outcome}"].Value);
                return Redirect($"/quizzes/{id}");
        }
    }

    [HttpGet("/quizzes/attempts/{id:int}")]
    public async Task<IActionResult> Attempt(int id, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } person)
        {
            return NotFound();
        }

        var paper = await queries.PaperAsync(id, person, cancellationToken);
        if (paper is null)
        {
            // A closed attempt of this person shows its result; anyone else's is not found.
            return await queries.ResultAsync(id, person, cancellationToken) is null ? NotFound() : Redirect($"/quizzes/attempts/{id}/result");
        }

        ViewData["Section"] = "learning";
        return View(Views + "Paper.cshtml", paper);
    }

    [HttpPost("/quizzes/attempts/{id:int}")]
    public async Task<IActionResult> Submit(int id, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } person)
        {
            return NotFound();
        }

        var paper = await queries.PaperAsync(id, person, cancellationToken);
        if (paper is null)
        {
            return await queries.ResultAsync(id, person, cancellationToken) is null ? NotFound() : Redirect($"/quizzes/attempts/{id}/result");
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var responses = new Dictionary<int, QuestionResponse>();
        foreach (var question in paper.Questions)
        {
            var values = form[$"q{question.Id.ToString(CultureInfo.InvariantCulture)}"];
            if (question.Kind == QuestionKind.FillIn)
            {
                var text = values.FirstOrDefault()?.Trim() ?? "";
                responses[question.Id] = QuestionResponse.Fill(text.Length > MaxTextAnswer ? text[..MaxTextAnswer] : text);
            }
            else
            {
                var count = question.Kind == QuestionKind.TrueFalse ? 2 : question.Options.Count;
                var choices = values.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1)
                    .Where(i => i >= 0 && i < count).Distinct().ToArray();
                responses[question.Id] = new QuestionResponse(choices, "");
            }
        }

        var outcome = await quizzes.SubmitAsync(id, person, responses, cancellationToken);
        if (outcome == SubmitOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome == SubmitOutcome.TimedOut)
        {
            this.Flash(FlashKind.Notice, t["Quiz.TimedOut"].Value);
        }

        return Redirect($"/quizzes/attempts/{id}/result");
    }

    [HttpGet("/quizzes/attempts/{id:int}/result")]
    public async Task<IActionResult> Result(int id, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } person || await queries.ResultAsync(id, person, cancellationToken) is not { } result)
        {
            return NotFound();
        }

        ViewData["Section"] = "learning";
        return View(Views + "Result.cshtml", result);
    }
}
