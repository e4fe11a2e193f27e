using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes;

public sealed record ClassOfMine(int Id, string Title, DateOnly StartsOn, DateOnly EndsOn, string Place, EnrolmentStatus? Status);

/// <summary>"My learning"'s classes: those the trainee stands in or left lately, and upcoming ones meant for them that they may apply for.</summary>
public sealed class MyClassesViewComponent(CoursesDbContext db, CurrentScope scope, ProgrammeClock clock) : ViewComponent
{
    /// <summary>A class stays in the list this long after it ended, while its completion is settled.</summary>
    private const int DaysShownAfterEnd = 30;

    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (scope.PersonId is not { } personId || await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId) is not { } person)
        {
            return Content("");
        }

        var today = clock.Today;
        var since = today.AddDays(-DaysShownAfterEnd);
        var mine = await db.ClassEnrolments.AsNoTracking().Where(e => e.PersonId == personId && e.Class!.EndsOn >= since)
            .OrderBy(e => e.Class!.StartsOn)
            .Select(e => new ClassOfMine(e.ClassId, e.Class!.Title, e.Class.StartsOn, e.Class.EndsOn, e.Class.Place, e.Status))
            .ToListAsync();
        var enrolled = mine.Select(m => m.Id).ToList();
        var open = await db.TrainingClasses.AsNoTracking().Include(c => c.TargetOrganizations)
            .Where(c => c.EndsOn >= today && !enrolled.Contains(c.Id)).OrderBy(c => c.StartsOn).Take(20).ToListAsync();
        var offered = open.Where(c => c.Targets(person)).Select(c => new ClassOfMine(c.Id, c.Title, c.StartsOn, c.EndsOn, c.Place, null)).ToList();
        return mine.Count + offered.Count == 0
            ? Content("")
            : View("~/Features/LectureHall/Classes/_MyClasses.cshtml", mine.Concat(offered).ToList());
    }
}
