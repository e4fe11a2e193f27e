using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Features.Catalogue.Attachments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes.Assessment;

/// <summary>
/// Reflections (学习心得): an admitted trainee hands theirs in and reads its grade on their own page; the class's staff
/// (<see cref="ClassStaffRequirement"/>: administrators, the head teacher, the organizing unit's supervisors) read every
/// reflection with the copying flags and grade them. A trainee reaches only their own reflection.
/// </summary>
[Authorize]
[Route("/classes/{id:int}")]
public sealed class ClassReflectionsController(CoursesDbContext db, ClassReflections reflections, ClassStandings standings, DocumentStore store,
    ClassAssessmentNotices notices, IAuthorizationService authorization, CurrentScope scope, UserManager<AppUser> users, IStringLocalizer<SharedResource> t) : Controller
{
    private const long MaxRequestBytes = ReflectionLimits.MaxAttachmentBytes + 256 * 1024;

    [HttpGet("reflection")]
    public async Task<IActionResult> Mine(int id, CancellationToken cancellationToken)
    {
        var trainingClass = await LoadAsync(id, cancellationToken);
        if (trainingClass is null || scope.PersonId is not { } personId || !trainingClass.ReflectionRequired)
        {
            return NotFound();
        }

        return await MinePageAsync(trainingClass, personId, "", null, cancellationToken);
    }

    [HttpPost("reflection")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Submit(int id, string? text, IFormFile? attachment, CancellationToken cancellationToken)
    {
        var trainingClass = await LoadAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        if (scope.PersonId is not { } personId)
        {
            return Forbid();
        }

        text ??= "";
        var problem = await reflections.MaySubmitAsync(id, personId, cancellationToken);
        if (problem != ReflectionProblem.None)
        {
            return await MinePageAsync(trainingClass, personId, text, Message(trainingClass, problem), cancellationToken);
        }

        StoredDocument? document = null;
        if (attachment is not null)
        {
            AttachmentProblem refused;
            await using (var content = attachment.OpenReadStream())
            {
                (refused, document) = await store.SaveAsync(attachment.FileName, attachment.Length, content, ReflectionLimits.Extensions,
                    ReflectionLimits.MaxAttachmentBytes, cancellationToken);
            }

            if (document is null)
            {
                return await MinePageAsync(trainingClass, personId, text, t["ClassAssess.Attachment." + refused, ReflectionLimits.MaxAttachmentBytes / 1024 / 1024], cancellationToken);
            }
        }

        var result = await reflections.SubmitAsync(id, personId, text, document is null ? null
            : new ReflectionAttachment(document.FileName, document.ContentType, document.Size, document.StoredName), cancellationToken);
        if (!result.Succeeded)
        {
            if (document is not null)
            {
                store.Delete(document.StoredName);
            }

            return await MinePageAsync(trainingClass, personId, text, Message(trainingClass, result.Problem), cancellationToken);
        }

        var name = await db.People.Where(p => p.Id == personId).Select(p => p.Name).SingleAsync(cancellationToken);
        await notices.SubmittedAsync(trainingClass, result.Reflection!, name, cancellationToken);
        this.Flash(FlashKind.Notice, t["ClassAssess.Submitted"].Value);
        return Redirect(string.Create(CultureInfo.InvariantCulture, $"/classes/{id}/reflection"));
    }

    [HttpGet("reflections")]
    public async Task<IActionResult> Reflections(int id, CancellationToken cancellationToken)
    {
        var trainingClass = await LoadAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        if (!await authorization.IsClassStaffAsync(User, trainingClass))
        {
            return Forbid();
        }

        var latest = await reflections.LatestAsync(id, cancellationToken);
        var overlaps = await reflections.OverlapsAsync(id, cancellationToken);
        var admitted = await db.ClassEnrolments.AsNoTracking().Where(e => e.ClassId == id && e.Status == EnrolmentStatus.Admitted)
            .Select(e => new { e.PersonId, e.Person!.Name, Organization = e.Person.Organization!.Name }).ToListAsync(cancellationToken);
        var byPerson = latest.ToDictionary(r => r.PersonId);
        // Everyone admitted, with or without a reflection, and anyone who handed one in and has since left the class.
        var rows = admitted.Select(a => (a.PersonId, a.Name, a.Organization))
            .Concat(latest.Where(r => admitted.All(a => a.PersonId != r.PersonId)).Select(r => (r.PersonId, r.Person!.Name, r.Person.Organization!.Name)))
            .Select(p => new ReflectionRow(p.PersonId, p.Item2, p.Item3, byPerson.GetValueOrDefault(p.PersonId), OverlapOf(byPerson.GetValueOrDefault(p.PersonId))))
            .OrderBy(r => r.Reflection?.Status == ReflectionStatus.Submitted ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        decimal? OverlapOf(ClassReflection? r) => r is null ? null : overlaps.Where(o => o.Involves(r.Id)).Select(o => (decimal?)o.Share).Max();
        ViewData["Section"] = "learning";
        return View("Reflections", new ReflectionsPage(trainingClass, rows, overlaps, latest.ToDictionary(r => r.Id, r => r.Person!.Name)));
    }

    [HttpGet("reflections/{reflectionId:int}")]
    public async Task<IActionResult> Reflection(int id, int reflectionId, CancellationToken cancellationToken)
    {
        var trainingClass = await LoadAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        if (!await authorization.IsClassStaffAsync(User, trainingClass))
        {
            return Forbid();
        }

        return await ReflectionPageAsync(trainingClass, reflectionId, null, cancellationToken);
    }

    [HttpPost("reflections/{reflectionId:int}/grade")]
    public async Task<IActionResult> Grade(int id, int reflectionId, string? verdict, int? score, string? comment, CancellationToken cancellationToken)
    {
        var trainingClass = await LoadAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        if (!await authorization.IsClassStaffAsync(User, trainingClass))
        {
            return Forbid();
        }

        bool? passed = verdict switch { "pass" => true, "fail" => false, _ => null };
        var result = await reflections.GradeAsync(id, reflectionId, passed, score, comment, users.GetUserId(User) ?? "", cancellationToken);
        if (result.Problem == ReflectionProblem.NotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            return await ReflectionPageAsync(trainingClass, reflectionId, Message(trainingClass, result.Problem), cancellationToken);
        }

        await notices.GradedAsync(trainingClass, result.Reflection!, cancellationToken);
        this.Flash(FlashKind.Notice, t["ClassAssess.Graded"].Value);
        return Redirect(string.Create(CultureInfo.InvariantCulture, $"/classes/{id}/reflections"));
    }

    /// <summary>The attachment, for the trainee who handed it in and the class's staff; nobody else learns it exists.</summary>
    [HttpGet("reflections/{reflectionId:int}/attachment")]
    public async Task<IActionResult> Attachment(int id, int reflectionId, CancellationToken cancellationToken)
    {
        var trainingClass = await LoadAsync(id, cancellationToken);
        var reflection = await db.Set<ClassReflection>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == reflectionId && r.ClassId == id, cancellationToken);
        if (trainingClass is null || reflection?.AttachmentStoredName is not { } stored
            || (scope.PersonId != reflection.PersonId && !await authorization.IsClassStaffAsync(User, trainingClass)))
        {
            return NotFound();
        }

        var path = store.PathOf(stored);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-cache";
        return PhysicalFile(path, reflection.AttachmentType ?? "application/octet-stream", reflection.AttachmentName);
    }

    private async Task<IActionResult> MinePageAsync(TrainingClass trainingClass, int personId, string text, string? problem, CancellationToken cancellationToken)
    {
        var standing = (await standings.OfSeriesAsync(trainingClass.SeriesId, [personId], cancellationToken))[0];
        var attempts = await reflections.AttemptsAsync(trainingClass.Id, personId, cancellationToken);
        var may = await reflections.MaySubmitAsync(trainingClass.Id, personId, cancellationToken);
        ViewData["Section"] = "learning";
        // Why no form is offered, unless the page already says it (a reflection waiting for its grade, or accepted).
        var closed = may is ReflectionProblem.None or ReflectionProblem.AwaitingGrade or ReflectionProblem.AlreadyPassed ? null : Message(trainingClass, may);
        var resubmitBy = may == ReflectionProblem.None && attempts.Count > 0 ? reflections.ResubmitBy(trainingClass, attempts[^1]) : null;
        return View("MyReflection", new MyReflectionPage(trainingClass, standing, await standings.ClosingQuizAsync(trainingClass.Id, cancellationToken), attempts,
            may == ReflectionProblem.None, closed, text, problem, resubmitBy));
    }

    private async Task<IActionResult> ReflectionPageAsync(TrainingClass trainingClass, int reflectionId, string? problem, CancellationToken cancellationToken)
    {
        var reflection = await db.Set<ClassReflection>().AsNoTracking().Include(r => r.Person).ThenInclude(p => p!.Organization)
            .SingleOrDefaultAsync(r => r.Id == reflectionId && r.ClassId == trainingClass.Id, cancellationToken);
        if (reflection is null)
        {
            return NotFound();
        }

        var attempts = await reflections.AttemptsAsync(trainingClass.Id, reflection.PersonId, cancellationToken);
        var latest = await reflections.LatestAsync(trainingClass.Id, cancellationToken);
        var names = latest.ToDictionary(r => r.Id, r => (r.Person!.Name, r.PersonId));
        var overlaps = (await reflections.OverlapsAsync(trainingClass.Id, cancellationToken)).Where(p => p.Involves(reflection.Id))
            .Select(p => (p, names[p.Other(reflection.Id)].Name, p.Other(reflection.Id))).ToList();
        ViewData["Section"] = "learning";
        return View("Reflection", new ReflectionPage(trainingClass, reflection, reflection.Person!.Name, reflection.Person.Organization!.Name,
            attempts.Where(a => a.Attempt < reflection.Attempt).ToList(), overlaps, attempts[^1].Id == reflection.Id, problem));
    }

    private string Message(TrainingClass trainingClass, ReflectionProblem problem) => problem switch
    {
        ReflectionProblem.TooShort => t["ClassAssess.Problem.TooShort", trainingClass.ReflectionMinLength],
        ReflectionProblem.TooLong => t["ClassAssess.Problem.TooLong", ClassReflection.MaxTextLength],
        ReflectionProblem.PastDue => t["ClassAssess.Problem.PastDue", trainingClass.ReflectionDueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""],
        ReflectionProblem.ResubmissionClosed => t["ClassOps.ResubmissionClosed", ClassReflections.ResubmitDays],
        _ => t["ClassAssess.Problem." + problem],
    };

    private Task<TrainingClass?> LoadAsync(int id, CancellationToken cancellationToken) =>
        db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
}
