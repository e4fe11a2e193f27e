using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Web.Features.Catalogue.Attachments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>What the lesson media page shows: the lesson's video (if any), an upload under way, its slides.</summary>
public sealed record LessonMediaPage(int LessonId, string LessonTitle, int CourseId, string CourseTitle, string CourseSlug,
    MediaAssetView? Current, string? PlaylistUrl, string? PosterUrl, MediaAssetView? Pending, bool HasSlides, IReadOnlyList<AttachmentView> Attachments);

/// <summary>
/// A lesson's video and slides (视频与课件): lecturers for the lessons of their own courses,
/// administrators for all. The video itself goes by tus to /api/v1/uploads from the page's script.
/// </summary>
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
[Route("/lessons/{lessonId:int}/media")]
public sealed class MediaController(CoursesDbContext db, MediaLibrary media, IMediaAccess access, IStringLocalizer<SharedResource> t) : Controller
{
    public const long MaxSlidesBytes = 50L * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(int lessonId, [FromServices] LessonAttachments attachments, CancellationToken cancellationToken)
    {
        if (!await access.MayManageLessonAsync(User, lessonId, cancellationToken))
        {
            return await db.Lessons.AnyAsync(l => l.Id == lessonId, cancellationToken) ? Forbid() : NotFound();
        }

        var lesson = await db.Lessons.AsNoTracking().Where(l => l.Id == lessonId)
            .Select(l => new { l.Id, l.Title, l.MediaAssetId, Course = db.Courses.Where(c => c.Id == l.CourseId).Select(c => new { c.Id, c.Title, c.Slug }).Single() })
            .SingleAsync(cancellationToken);
        var current = lesson.MediaAssetId is { } id ? await media.FindAsync(id, cancellationToken) : null;
        var latest = await media.LatestForLessonAsync(lessonId, cancellationToken);
        // The newest upload, until it is complete, is shown with its progress (it may already play as it is).
        var pending = latest is { Status: not MediaStatus.Ready } ? latest : null;
        var signed = current is not null && await media.IsPlayableAsync(current.Id, cancellationToken) ? media.SignedBase(current.Id) : null;
        ViewData["Section"] = "catalogue";
        return View(new LessonMediaPage(lesson.Id, lesson.Title, lesson.Course.Id, lesson.Course.Title, lesson.Course.Slug,
            current, signed is null ? null : signed + "master.m3u8", signed is null ? null : signed + "poster.jpg", pending, await media.HasSlidesAsync(lessonId, cancellationToken),
            (await attachments.ForLessonsAsync([lessonId], cancellationToken)).GetValueOrDefault(lessonId) ?? []));
    }

    [HttpPost("delete")]
    public async Task<IActionResult> DeleteVideo(int lessonId, [FromServices] LessonVideos videos, CancellationToken cancellationToken)
    {
        if (!await access.MayManageLessonAsync(User, lessonId, cancellationToken))
        {
            return Forbid();
        }

        if (await videos.DeleteAsync(lessonId, cancellationToken))
        {
            this.Flash(FlashKind.Notice, t["Media.Deleted"].Value);
        }
        else
        {
            this.Flash(FlashKind.MediaError, t["Media.DeleteBusy"].Value);
        }

        return Redirect($"/lessons/{lessonId}/media");
    }

    [HttpPost("slides")]
    [RequestSizeLimit(MaxSlidesBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxSlidesBytes)]
    public async Task<IActionResult> UploadSlides(int lessonId, IFormFile? slides, CancellationToken cancellationToken)
    {
        if (!await access.MayManageLessonAsync(User, lessonId, cancellationToken))
        {
            return Forbid();
        }

        var error = slides is null || slides.Length == 0 ? "Media.Slides.Missing"
            : slides.Length > MaxSlidesBytes ? "Media.Slides.TooLarge"
            : !await PdfFile.HasSignatureAsync(slides, cancellationToken) ? "Media.Slides.NotPdf"
            : null;
        if (error is not null)
        {
            this.Flash(FlashKind.MediaError, t[error, MaxSlidesBytes / 1024 / 1024].Value);
            return Redirect($"/lessons/{lessonId}/media");
        }

        await using (var content = slides!.OpenReadStream())
        {
            await media.SaveSlidesAsync(lessonId, content, cancellationToken);
        }

        this.Flash(FlashKind.Notice, t["Media.Slides.Saved"].Value);
        return Redirect($"/lessons/{lessonId}/media");
    }

    [HttpPost("slides/delete")]
    public async Task<IActionResult> DeleteSlides(int lessonId, CancellationToken cancellationToken)
    {
        if (!await access.MayManageLessonAsync(User, lessonId, cancellationToken))
        {
            return Forbid();
        }

        await media.DeleteSlidesAsync(lessonId, cancellationToken);
        this.Flash(FlashKind.Notice, t["Media.Slides.Deleted"].Value);
        return Redirect($"/lessons/{lessonId}/media");
    }
}
