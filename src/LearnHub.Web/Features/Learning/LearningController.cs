using LearnHub.Courses.Curricula;
using LearnHub.Courses.Watching;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Learning;

public sealed record LearningViewModel(int Year, PersonProfile? Person, IReadOnlyList<CurriculumPlan> Plans, IReadOnlyList<CourseProgress> Progress);

/// <summary>"My learning": the signed-in trainee's positions, tiers, this year's curricula and the courses they are watching.</summary>
public sealed class LearningController(CurriculumQueries curricula, ProgressQueries progress, CurrentScope scope, TimeProvider clock) : Controller
{
    [HttpGet("/my/learning")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "learning";
        var year = clock.GetLocalNow().Year;
        var person = scope.PersonId is { } personId ? await curricula.ProfileAsync(personId, cancellationToken) : null;
        var plans = person is null ? [] : await curricula.ForTiersAsync(person.Tiers, year, cancellationToken);
        var courses = person is null ? [] : await progress.ForPersonAsync(person.Id, cancellationToken);
        return View(new LearningViewModel(year, person, plans, courses));
    }
}
