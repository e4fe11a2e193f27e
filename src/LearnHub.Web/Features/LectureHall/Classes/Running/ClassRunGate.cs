using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>
/// Who runs a class (its head-teacher page, leave decisions, notices and groups): an administrator; the class's head
/// teacher (班主任), the account <see cref="TrainingClass.HeadTeacherUserId"/> names; and the supervisors of the unit
/// that organizes it (<see cref="TrainingClass.OrganizingUnitId"/>). A head teacher runs only their own classes.
/// </summary>
public sealed class ClassRunGate(CoursesDbContext db, CurrentScope scope, UserManager<AppUser> users, ProgrammeClock clock)
{
    /// <summary>A class stays in "my classes" this long after it ended, while leave and completion are settled.</summary>
    public const int DaysShownAfterEnd = 30;

    public string UserId => users.GetUserId(scope.User) ?? "";

    public bool Runs(TrainingClass trainingClass)
    {
        ArgumentNullException.ThrowIfNull(trainingClass);
        return scope.IsAdmin
            || (trainingClass.HeadTeacherUserId is { Length: > 0 } headTeacher && headTeacher == UserId)
            || (trainingClass.OrganizingUnitId is { } unit && scope.User.IsInRole(Roles.Supervisor) && scope.UnitId == unit);
    }

    /// <summary>The class when the caller runs it, or why not: not found for no such class, forbidden for anyone else.</summary>
    public async Task<(TrainingClass? Class, IActionResult? Refusal)> EnterAsync(ControllerBase controller, int classId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId, cancellationToken);
        if (trainingClass is null)
        {
            return (null, controller.NotFound());
        }

        return Runs(trainingClass) ? (trainingClass, null) : (null, controller.Forbid());
    }

    /// <summary>The classes the caller runs that are on or ended lately: an administrator's are every class.</summary>
    public IQueryable<TrainingClass> Mine()
    {
        var since = clock.Today.AddDays(-DaysShownAfterEnd);
        var classes = db.TrainingClasses.AsNoTracking().Where(c => c.EndsOn >= since);
        if (scope.IsAdmin)
        {
            return classes;
        }

        var userId = UserId;
        int? unit = scope.User.IsInRole(Roles.Supervisor) ? scope.UnitId : null;
        return classes.Where(c => c.HeadTeacherUserId == userId || (unit != null && c.OrganizingUnitId == unit));
    }
}
