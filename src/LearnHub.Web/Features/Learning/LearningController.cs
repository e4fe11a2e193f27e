using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Features.Compliance.Assignments;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Learning;

/// <summary>The one thing to do next: an open plan item and the link that continues it.</summary>
public sealed record NextStep(PlanItem Item, PlanTarget Target, string Link);

public sealed record LearningViewModel(int Year, PersonProfile? Person, PersonPlan? Plan, IReadOnlyDictionary<(PlanItemKind, int), PlanTarget> Targets,
    NextStep? Next, IReadOnlyList<CurriculumPlan> Curricula, IReadOnlyList<CourseProgress> Progress, DateOnly Today,
    IReadOnlyDictionary<int, PlanTarget> Replacements, IReadOnlyList<SeatRow> Sessions, LearningMonth Calendar);

/// <summary>
/// "My learning": this year's plan (overdue first, required items with state and due date, elective pools
/// with hours done), one button to continue the next item, the sessions the person holds a seat or a waiting
/// place for with a month calendar of them, then the courses being watched.
/// </summary>
public sealed class LearningController(CurriculumQueries curricula, PlanQueries plans, ComplianceQueries compliance, ProgressQueries progress, CurrentScope scope,
    SessionListings listings, AttendanceBook attendance, ProgrammeClock clock) : Controller
{
    /// <param name="month">The calendar's month ("2027-03"); today's month on the programme's clock when absent.</param>
    [HttpGet("/my/learning")]
    public async Task<IActionResult> Index(string? month, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "learning";
        var today = clock.Today;
        var year = today.Year;
        var first = LearningMonth.Parse(month, today);
        var person = scope.PersonId is { } personId ? await curricula.ProfileAsync(personId, cancellationToken) : null;
        if (person is null)
        {
            return View(new LearningViewModel(year, null, null, new Dictionary<(PlanItemKind, int), PlanTarget>(), null, [], [], today,
                new Dictionary<int, PlanTarget>(), [], LearningMonth.Of(first, today, [])));
        }

        // The same row the supervisor's pages, the exports and the API are built from.
        var plan = (await compliance.PersonYearAsync(person.Id, year, cancellationToken))?.Plan;
        var targets = plan is null ? new Dictionary<(PlanItemKind, int), PlanTarget>() : await plans.TargetsAsync(plan.Plan.Items, cancellationToken);
        var replacements = plan is null ? new Dictionary<int, PlanTarget>() : await plans.ReplacementsAsync(plan.Plan.Items, cancellationToken);
        var next = plan is null ? null : await NextAsync(person.Id, plan.Plan, targets, today, cancellationToken);
        var ofTiers = await curricula.ForTiersAsync(person.Tiers, year, cancellationToken);
        var courses = await progress.ForPersonAsync(person.Id, cancellationToken);
        var seats = await listings.OfPersonAsync(person.Id, cancellationToken);
        // Sessions the plan assigns go on the calendar at their time, as the ones registered for do.
        var assigned = await listings.ByIdsAsync([.. (plan?.Plan.Items ?? []).Where(i => i.Kind == PlanItemKind.Session).Select(i => i.TargetId)], cancellationToken);
        return View(new LearningViewModel(year, person, plan, targets, next, ofTiers, courses, today, replacements, Rows(seats),
            LearningMonth.Of(first, today, Entries([.. seats.Select(s => s.Session), .. assigned], plan?.Plan, targets))));
    }

    /// <summary>Sessions still to come first, soonest first; then those held, latest first.</summary>
    private List<SeatRow> Rows(IReadOnlyList<PersonSession> seats)
    {
        var now = clock.UtcNow;
        var rows = seats.Select(s => new SeatRow(s, clock.End(s.Session) > now, s.Session.HasLiveRoom && attendance.IsCheckInOpen(s.Session))).ToList();
        return [.. rows.Where(r => r.Upcoming), .. rows.Where(r => !r.Upcoming).Reverse()];
    }

    /// <summary>The calendar's entries: every session of one's own or assigned, at its time; the plan's other items by their due date.</summary>
    private static IEnumerable<(DateOnly, CalendarEntry)> Entries(IReadOnlyList<LectureHallSession> sessions, Plan? plan,
        IReadOnlyDictionary<(PlanItemKind, int), PlanTarget> targets)
    {
        foreach (var session in sessions.DistinctBy(s => s.Id))
        {
            yield return (session.Date, new CalendarEntry(session.Topic, $"/lecture-hall/sessions/{session.Id}", session.StartTime, true));
        }

        foreach (var item in (plan?.Items ?? []).Where(i => i.Kind != PlanItemKind.Session))
        {
            if (targets.TryGetValue((item.Kind, item.TargetId), out var target))
            {
                yield return (item.DueOn, new CalendarEntry(target.Title, PlanStates.Link(target), null, false));
            }
        }
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
