using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.Classes.Assessment;

/// <summary>What a class is at assessment: the trainee's view of the class page shows their checklist; the class's staff, links to grading and the summary.</summary>
public sealed record ClassCompletionView(ChecklistView? Checklist, bool IsStaff, int ClassId, int Awaiting);

/// <summary>The class page's completion card: an admitted trainee's checklist, and the staff's way to the reflections and the closing summary.</summary>
public sealed class ClassCompletionViewComponent(CoursesDbContext db, ClassStandings standings, CurrentScope scope, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int classId)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == classId);
        if (trainingClass is null)
        {
            return Content("");
        }

        ChecklistView? checklist = null;
        if (scope.PersonId is { } personId
            && await db.ClassEnrolments.AnyAsync(e => e.ClassId == classId && e.PersonId == personId && e.Status == EnrolmentStatus.Admitted))
        {
            var standing = (await standings.OfSeriesAsync(trainingClass.SeriesId, [personId]))[0];
            checklist = new ChecklistView(trainingClass, standing, await standings.ClosingQuizAsync(classId), LinkToReflection: true);
        }

        var isStaff = await authorization.IsClassStaffAsync(UserClaimsPrincipal, trainingClass);
        // Latest attempts waiting for a grade (a second attempt waits; the first it replaced was graded).
        var awaiting = isStaff ? await db.Set<ClassReflection>().CountAsync(r => r.ClassId == classId && r.Status == ReflectionStatus.Submitted) : 0;
        return checklist is null && !isStaff
            ? Content("")
            : View("~/Features/LectureHall/Classes/Assessment/_Completion.cshtml", new ClassCompletionView(checklist, isStaff, classId, awaiting));
    }
}
