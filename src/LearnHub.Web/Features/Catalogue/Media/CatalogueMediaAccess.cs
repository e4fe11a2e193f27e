using System.Security.Claims;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>
/// The catalogue's rules for a lesson's media: administrators manage and watch everything; a lecturer
/// manages the lessons of the courses they teach; any signed-in user watches what the catalogue shows
/// (published courses), and the course's lecturer also before it is published.
/// </summary>
internal sealed class CatalogueMediaAccess(CoursesDbContext db) : IMediaAccess
{
    public async Task<bool> MayManageLessonAsync(ClaimsPrincipal user, int lessonId, CancellationToken cancellationToken)
    {
        if (user.IsInRole(Roles.Admin))
        {
            return await db.Lessons.AnyAsync(l => l.Id == lessonId, cancellationToken);
        }

        if (CurrentScope.LecturerOf(user) is not { } lecturerId)
        {
            return false;
        }

        var taught = TaughtBy(db.Courses, lecturerId);
        return await db.Lessons.AnyAsync(l => l.Id == lessonId && taught.Any(c => c.Id == l.CourseId), cancellationToken);
    }

    /// <summary>The courses whose lessons a lecturer manages: those they teach, published or not.</summary>
    public static IQueryable<Course> TaughtBy(IQueryable<Course> courses, int lecturerId) => courses.Where(c => c.LecturerId == lecturerId);

    public async Task<bool> MayWatchLessonAsync(ClaimsPrincipal user, int lessonId, CancellationToken cancellationToken)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var course = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => db.Courses.Where(c => c.Id == l.CourseId).Select(c => new { c.Published, c.LecturerId }).Single())
            .SingleOrDefaultAsync(cancellationToken);
        return course is not null
            && (course.Published || user.IsInRole(Roles.Admin) || (course.LecturerId is { } id && id == CurrentScope.LecturerOf(user)));
    }
}
