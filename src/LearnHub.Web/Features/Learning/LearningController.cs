using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Learning;

/// <summary>The one thing to do next: an open plan item and the link that continues it.</summary>
public sealed record NextStep(PlanItem Item, PlanTarget Target, string Link);

public sealed record LearningViewModel(int Year, PersonProfile? Person, PersonPlan? Plan, IReadOnlyDictionary<(PlanItemKind, int), PlanTarget> Targets,
    NextStep? Next, IReadOnlyList<CurriculumPlan> Curricula, IReadOnlyList<CourseProgress> Progress, DateOnly Today,
    IReadOnlyDictionary<int, PlanTarget> Replacements);

/// <summary>
/// "My learning": this year's plan (overdue first, required items with state and due date, elective pools
/// with hours done), one button to continue the next item, then the courses being watched.
/// </summary>
public sealed class LearningController(CurriculumQueries curricula, PlanQueries plans, ComplianceQueries compliance, ProgressQueries progress, CurrentScope scope,
    ProgrammeClock clock) : Controller
{
    [HttpGet("/my/learning")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "learning";
        var today = clock.Today;
        var year = today.Year;
        var person = scope.PersonId is { } personId ? await curricula.ProfileAsync(personId, cancellationToken) : null;
        if (person is null)
        {
            return View(new LearningViewModel(year, null, null, new Dictionary<(PlanItemKind, int), PlanTarget>(), null, [], [], today,
                new Dictionary<int, PlanTarget>()));
        }

        // The same row the supervisor's pages, the exports and the API are built from.
        var plan = (await compliance.PersonYearAsync(person.Id, year, cancellationToken))?.Plan;
        var targets = plan is null ? new Dictionary<(PlanItemKind, int), PlanTarget>() : await plans.TargetsAsync(plan.Plan.Items, cancellationToken);
        var replacements = plan is null ? new Dictionary<int, PlanTarget>() : await plans.ReplacementsAsync(plan.Plan.Items, cancellationToken);
        var next = plan is null ? null : await NextAsync(person.Id, plan.Plan, targets, today, cancellationToken);
        var ofTiers = await curricula.ForTiersAsync(person.Tiers, year, cancellationToken);
        var courses = await progress.ForPersonAsync(person.Id, cancellationToken);
        return View(new LearningViewModel(year, person, plan, targets, next, ofTiers, courses, today, replacements));
    }

    /// <summary>
    /// The first open course of the plan (overdue first, then by due date) at its next unfinished lesson;
    /// when every course is done, the next session still to come.
    /// </summary>
    private async Task<NextStep?> NextAsync(int personId, Plan plan, IReadOnlyDictionary<(PlanItemKind, int), PlanTarget> targets, DateOnly today,
        CancellationToken cancellationToken)
    {
        foreach (var item in plan.Open.Where(i => i.Kind == PlanItemKind.Course))
        {
            if (targets.TryGetValue((item.Kind, item.TargetId), out var course))
            {
                var lesson = await plans.NextLessonAsync(personId, course.Id, cancellationToken);
                return new NextStep(item, course, lesson is { } id ? $"/courses/{course.Slug}?lesson={id}" : $"/courses/{course.Slug}");
            }
        }

        var session = plan.Open.FirstOrDefault(i => i.Kind == PlanItemKind.Session && i.DueOn >= today);
        return session is not null && targets.TryGetValue((session.Kind, session.TargetId), out var target)
            ? new NextStep(session, target, $"/lecture-hall/sessions/{session.TargetId}")
            : null;
    }
}
