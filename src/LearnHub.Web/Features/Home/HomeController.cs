using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Home;

public sealed record HomeViewModel(int CourseCount, int LecturerCount, int OrganizationCount, int PersonCount,
    IReadOnlyList<CourseCard> Featured, UpcomingSession? NextSession);

public sealed record UpcomingSession(int SeriesId, string SeriesTitle, int Number, DateOnly Date, TimeOnly Start, string Topic, string? Lecturer);

[AllowAnonymous]
public sealed class HomeController(CoursesDbContext db, CatalogueQueries catalogue, CourseCredit credit, ProgrammeClock clock) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var next = await db.LectureHallSessions.AsNoTracking()
            .Where(s => s.Date >= today)
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime)
            .Select(s => new UpcomingSession(s.SeriesId, s.Series!.Title, s.Number, s.Date, s.StartTime, s.Topic,
                s.Lecturer != null ? s.Lecturer.Name : null))
            .FirstOrDefaultAsync(cancellationToken);
        var courses = await catalogue.SearchAsync(new CatalogueFilter(), cancellationToken);
        return View(new HomeViewModel(courses.Count, await db.Lecturers.CountAsync(cancellationToken),
            await db.Organizations.CountAsync(cancellationToken), await db.People.CountAsync(cancellationToken),
            await credit.WithHoursAsync(courses.Take(6).ToList(), cancellationToken), next));
    }
}
