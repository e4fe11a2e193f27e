using LearnHub.Courses.Curricula;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Learning;

public sealed record LearningViewModel(int Year, PersonProfile? Person, IReadOnlyList<CurriculumPlan> Plans);

/// <summary>"My learning": the signed-in trainee's positions, tiers and this year's curricula.</summary>
public sealed class LearningController(CurriculumQueries curricula, CurrentScope scope, TimeProvider clock) : Controller
{
    [HttpGet("/my/learning")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "learning";
        var year = clock.GetLocalNow().Year;
        var person = scope.PersonId is { } personId ? await curricula.ProfileAsync(personId, cancellationToken) : null;
        var plans = person is null ? [] : await curricula.ForTiersAsync(person.Tiers, year, cancellationToken);
        return View(new LearningViewModel(year, person, plans));
    }
}
