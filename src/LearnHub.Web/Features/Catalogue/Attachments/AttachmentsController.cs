using System.Security.Claims;
using LearnHub.Media;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Catalogue.Attachments;

/// <summary>
/// A lesson's attachments: added and removed on the lesson media page by whoever may manage the lesson's media
/// (its course's lecturer, administrators), downloaded by whoever may watch the lesson.
/// </summary>
[Route("/lessons/{lessonId:int}/attachments")]
public sealed class AttachmentsController(LessonAttachments attachments, IMediaAccess access, IStringLocalizer<SharedResource> t) : Controller
{
    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpPost("")]
    [RequestSizeLimit(LessonAttachments.MaxBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = LessonAttachments.MaxBytes + 64 * 1024)]
    public async Task<IActionResult> Add(int lessonId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await access.MayManageLessonAsync(User, lessonId, cancellationToken))
        {
            return Forbid();
        }

        AttachmentProblem problem;
        await using (var content = file?.OpenReadStream() ?? Stream.Null)
        {
            problem = await attachments.AddAsync(lessonId, file?.FileName, file?.Length ?? 0, content,
                User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", cancellationToken);
        }

        this.Flash(problem == AttachmentProblem.None ? FlashKind.Notice : FlashKind.MediaError,
            t[problem == AttachmentProblem.None ? "Attachment.Added" : "Attachment." + problem, LessonAttachments.MaxBytes / 1024 / 1024, LessonAttachments.MaxPerLesson].Value);
        return Redirect($"/lessons/{lessonId}/media#attachments");
    }

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int lessonId, int id, CancellationToken cancellationToken)
    {
        if (!await access.MayManageLessonAsync(User, lessonId, cancellationToken))
        {
            return Forbid();
        }

        if (!await attachments.DeleteAsync(lessonId, id, cancellationToken))
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Attachment.Deleted"].Value);
        return Redirect($"/lessons/{lessonId}/media#attachments");
    }

    /// <summary>The course page's own rule: signed in, and the course published (or theirs to manage).</summary>
    [AllowAnonymous]
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Download(int lessonId, int id, CancellationToken cancellationToken)
    {
        var attachment = await attachments.FindAsync(lessonId, id, cancellationToken);
        if (attachment is null)
        {
            return NotFound();
        }

        if (!await access.MayWatchLessonAsync(User, lessonId, cancellationToken))
        {
            return User.Identity?.IsAuthenticated == true ? NotFound() : Challenge();
        }

        var path = attachments.PathOf(attachment);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }

        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-cache";
        // Content-Disposition: attachment, with the name as filename* in UTF-8 and a plain fallback.
        return PhysicalFile(path, attachment.ContentType, attachment.FileName);
    }
}
