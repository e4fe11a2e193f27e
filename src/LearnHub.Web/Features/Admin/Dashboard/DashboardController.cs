using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Admin.Dashboard;

public sealed record DashboardViewModel(bool IsAdmin, int Organizations, int People, int Units, int Lecturers, int Courses);

[Area("Admin")]
[Authorize(Roles = Roles.AdminOrSupervisor)]
public sealed class DashboardController(CoursesDbContext db, CurrentScope scope) : Controller
{
    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var organizations = db.Organizations.AsNoTracking().VisibleTo(scope);
        var people = db.People.AsNoTracking().VisibleTo(scope);
        ViewData["Section"] = "admin";
        return View(new DashboardViewModel(scope.IsAdmin,
            await organizations.CountAsync(cancellationToken),
            await people.CountAsync(cancellationToken),
            scope.IsAdmin ? await db.SupervisingUnits.CountAsync(cancellationToken) : 0,
            scope.IsAdmin ? await db.Lecturers.CountAsync(cancellationToken) : 0,
            scope.IsAdmin ? await db.Courses.CountAsync(cancellationToken) : 0));
    }
}
