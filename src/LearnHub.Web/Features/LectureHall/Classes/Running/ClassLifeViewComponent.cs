using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>
/// The running class on its page: for an admitted trainee their leave (ask, requests, standing against 1/7), the class
/// notices and their group; for whoever runs the class, the way to the head teacher's page.
/// </summary>
public sealed class ClassLifeViewComponent(CoursesDbContext db, ClassRunGate gate, ClassRunQueries queries, CurrentScope scope) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int classId)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId);
        if (trainingClass is null)
        {
            return Content("");
        }

        var life = await queries.LifeAsync(trainingClass, scope.PersonId, gate.Runs(trainingClass), TempData["ClassRun.LeaveReason"] as string, HttpContext.RequestAborted);
        return life is null ? Content("") : View("~/Features/LectureHall/Classes/Running/_ClassLife.cshtml", life);
    }
}

/// <summary>"我带的班" in the menu, for a head teacher or organizing unit's supervisor with a class on or lately ended.</summary>
public sealed class HeadTeacherNavViewComponent(ClassRunGate gate, CurrentScope scope) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string? section)
    {
        if (scope.User.Identity?.IsAuthenticated != true || scope.IsAdmin || !await gate.Mine().AnyAsync(HttpContext.RequestAborted))
        {
            return Content("");
        }

        return View("~/Features/LectureHall/Classes/Running/_HeadTeacherNav.cshtml", section == "head-teacher");
    }
}
