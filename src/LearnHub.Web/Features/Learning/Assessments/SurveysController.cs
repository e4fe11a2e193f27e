using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Assessments;

public sealed class SurveyForm
{
    // Each refusal names its item ({0}), so a person sees which of the three is missing.
    [Range(SurveyResponse.MinRating, SurveyResponse.MaxRating, ErrorMessage = "Survey.RatingRequired")]
    [Display(Name = "SurveyDimension.Content")]
    public int Content { get; set; }

    [Range(SurveyResponse.MinRating, SurveyResponse.MaxRating, ErrorMessage = "Survey.RatingRequired")]
    [Display(Name = "SurveyDimension.Lecturer")]
    public int Lecturer { get; set; }

    [Range(SurveyResponse.MinRating, SurveyResponse.MaxRating, ErrorMessage = "Survey.RatingRequired")]
    [Display(Name = "SurveyDimension.Organisation")]
    public int Organisation { get; set; }

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Survey.Comment")]
    public string? Comment { get; set; }
}

public sealed record SurveySession(int Id, int SeriesId, int Number, DateOnly Date, string Topic, string? LecturerName);

public sealed record SurveyPage(SurveySession Session, SurveyForm Form, SurveyEligibilityResult Eligibility, bool Answered, bool HasPerson);

public sealed record SurveyResultsPage(IReadOnlyList<SessionRatings> Sessions, LecturerRatings? Lecturer, bool IsAdmin);

public sealed record SessionResultsPage(SessionRatings Ratings, IReadOnlyList<SurveyComment> Comments);

/// <summary>
/// Satisfaction surveys (满意度调查) of lecture-hall sessions: trainees answer once; results are for
/// administrators and the session's own lecturer.
/// </summary>
public sealed class SurveysController(CoursesDbContext db, CurrentScope scope, SurveyService surveys, SurveyEligibility eligibility,
    SurveyQueries queries, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = "~/Features/Learning/Assessments/";

    [HttpGet("/lecture-hall/sessions/{id:int}/survey")]
    public async Task<IActionResult> Survey(int id, CancellationToken cancellationToken) =>
        await PageAsync(id, new SurveyForm(), cancellationToken) is { } page ? View(Views + "Survey.cshtml", page) : NotFound();

    [HttpPost("/lecture-hall/sessions/{id:int}/survey")]
    public async Task<IActionResult> Survey(int id, SurveyForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (scope.PersonId is not { } person)
        {
            return Forbid();
        }

        if (ModelState.IsValid)
        {
            var outcome = await surveys.SubmitAsync(person, id, form.Content, form.Lecturer, form.Organisation, form.Comment, cancellationToken);
            if (outcome == SurveyOutcome.Saved)
            {
                this.Flash(FlashKind.Notice, t["Survey.Thanks"].Value);
                return Redirect($"/lecture-hall/sessions/{id}/survey");
            }

            ModelState.AddModelError("", t[$"Survey.Outcome.{outcome}"]);
        }

        return await PageAsync(id, form, cancellationToken) is { } page ? View(Views + "Survey.cshtml", page) : NotFound();
    }

    private async Task<SurveyPage?> PageAsync(int id, SurveyForm form, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.AsNoTracking().Where(s => s.Id == id)
            .Select(s => new SurveySession(s.Id, s.SeriesId, s.Number, s.Date, s.Topic, s.Lecturer == null ? null : s.Lecturer.Name))
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null)
        {
            return null;
        }

        ViewData["Section"] = "lecture-hall";
        var person = scope.PersonId;
        var result = person is { } p ? await eligibility.CheckAsync(p, id, cancellationToken) : SurveyEligibilityResult.NotInAudience;
        var answered = person is { } q && await db.Set<SurveyResponse>().AnyAsync(r => r.LectureHallSessionId == id && r.PersonId == q, cancellationToken);
        return new SurveyPage(session, form, result, answered, person is not null);
    }

    [HttpGet("/surveys/results")]
    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    public async Task<IActionResult> Results(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        int? lecturer = scope.IsAdmin ? null : scope.LecturerId ?? -1;
        var sessions = await queries.SessionsAsync(lecturer, cancellationToken);
        var own = lecturer is { } l ? await queries.LecturerRatingsAsync(l, cancellationToken) : null;
        return View(Views + "Results.cshtml", new SurveyResultsPage(sessions, own, scope.IsAdmin));
    }

    [HttpGet("/lecture-hall/sessions/{id:int}/survey/results")]
    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    public async Task<IActionResult> SessionResults(int id, CancellationToken cancellationToken)
    {
        var ratings = await queries.SessionAsync(id, cancellationToken);
        // Another lecturer's session is not found rather than forbidden: its existence is not theirs to know either.
        if (ratings is null || !new AssessmentAccess(db, scope).CanSeeResults(ratings.LecturerId))
        {
            return NotFound();
        }

        ViewData["Section"] = "admin";
        return View(Views + "SessionResults.cshtml", new SessionResultsPage(ratings, await queries.CommentsAsync(id, 50, cancellationToken)));
    }
}

/// <summary>A lecturer's average ratings, for the lecturer pages (admin detail, the lecturer's own results).</summary>
public sealed class LecturerRatingsViewComponent(SurveyQueries queries) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int lecturerId) =>
        View("~/Features/Learning/Assessments/_LecturerRatings.cshtml", await queries.LecturerRatingsAsync(lecturerId, HttpContext.RequestAborted));
}
