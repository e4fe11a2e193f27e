using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Curricula;

/// <summary>What a curriculum holds: required and elective courses, elective pools, required sessions. Administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/curricula")]
public sealed class CurriculumItemsController(CoursesDbContext db, IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>Adds a course as required (poolId empty) or as an elective of a pool; a course sits in one place only.</summary>
    [HttpPost("{id:int}/courses")]
    public async Task<IActionResult> AddCourse(int id, int courseId, int? poolId, CancellationToken cancellationToken)
    {
        var curriculum = await db.Curricula.Include(c => c.Courses).Include(c => c.Pools).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        // An unknown course reads to the user like a pool of another curriculum: nothing to add it to.
        var added = await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken)
            ? curriculum.AddCourse(courseId, poolId)
            : CurriculumCourseResult.UnknownPool;
        if (added == CurriculumCourseResult.Added)
        {
            await db.SaveChangesAsync(cancellationToken);
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }
        else
        {
            this.Flash(FlashKind.Error, t[added == CurriculumCourseResult.AlreadyIncluded ? "Admin.Curriculum.AlreadyIncluded" : "Admin.Curriculum.UnknownCourse"].Value);
        }

        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/courses/{courseId:int}/remove")]
    public async Task<IActionResult> RemoveCourse(int id, int courseId, CancellationToken cancellationToken)
    {
        var removed = await db.Set<CurriculumCourse>().Where(c => c.CurriculumId == id && c.CourseId == courseId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    /// <summary>Requires a lecture-hall session of the curriculum's year.</summary>
    [HttpPost("{id:int}/sessions")]
    public async Task<IActionResult> AddSession(int id, int sessionId, CancellationToken cancellationToken)
    {
        var curriculum = await db.Curricula.Include(c => c.Sessions).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        var dates = await db.LectureHallSessions.Where(s => s.Id == sessionId).Select(s => s.Date).Take(1).ToListAsync(cancellationToken);
        var required = curriculum.Sessions.Count;
        if (dates.Count == 0 || !curriculum.RequireSession(sessionId, dates[0]))
        {
            this.Flash(FlashKind.Error, t["Admin.Curriculum.UnknownSession"].Value);
        }
        else if (curriculum.Sessions.Count > required)
        {
            await db.SaveChangesAsync(cancellationToken);
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }

        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/sessions/{sessionId:int}/remove")]
    public async Task<IActionResult> RemoveSession(int id, int sessionId, CancellationToken cancellationToken)
    {
        var removed = await db.Set<CurriculumSession>().Where(s => s.CurriculumId == id && s.SessionId == sessionId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/pools")]
    public async Task<IActionResult> AddPool(int id, PoolForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var curriculum = await db.Curricula.Include(c => c.Pools).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            this.Flash(FlashKind.Error, AdminInput.Errors(ModelState));
            return Redirect($"/admin/curricula/{id}");
        }

        curriculum.AddPool(form.Title, form.HourTarget!.Value);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/pools/{poolId:int}/remove")]
    public async Task<IActionResult> RemovePool(int id, int poolId, CancellationToken cancellationToken)
    {
        var pool = await db.Set<ElectivePool>().SingleOrDefaultAsync(p => p.Id == poolId && p.CurriculumId == id, cancellationToken);
        if (pool is null)
        {
            return NotFound();
        }

        db.Remove(pool);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }
}
