using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Media;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>
/// Keeps a lesson's <c>MediaAssetId</c> in step with the media module: a finished upload replaces the
/// lesson's video (the old one's files go), and deleting the video clears it. The video's real length goes with
/// it, and the course's hours follow (<see cref="CourseCredit"/>).
/// </summary>
public sealed class LessonVideos(CoursesDbContext db, MediaLibrary media, CourseCredit credit, ILogger<LessonVideos> logger)
{
    /// <summary>A playable asset becomes its lesson's video; the video it replaces is removed.</summary>
    public async Task AttachAsync(Guid assetId, CancellationToken cancellationToken)
    {
        // Playable is enough: a source published as it is plays while its ladder is still encoding.
        if (!await media.IsPlayableAsync(assetId, cancellationToken) || await media.FindAsync(assetId, cancellationToken) is not { LessonId: { } lessonId } asset)
        {
            return;
        }

        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken);
        if (lesson is null || lesson.MediaAssetId == assetId)
        {
            return;
        }

        var previous = lesson.MediaAssetId;
        lesson.MediaAssetId = assetId;
        lesson.VideoSeconds = asset.DurationSeconds ?? 0;
        await db.SaveChangesAsync(cancellationToken);
        await credit.RefreshAsync([lesson.CourseId], cancellationToken);
        if (previous is { } old && !await media.DeleteAsync(old, cancellationToken))
        {
            logger.LogWarning("The replaced video {Asset} of lesson {Lesson} is still being transcoded and was kept.", old, lessonId);
        }
    }

    /// <summary>Removes the lesson's video and its files; false when there is none or it cannot go yet.</summary>
    public async Task<bool> DeleteAsync(int lessonId, CancellationToken cancellationToken)
    {
        var lesson = await db.Lessons.SingleOrDefaultAsync(l => l.Id == lessonId, cancellationToken);
        if (lesson?.MediaAssetId is not { } assetId)
        {
            return false;
        }

        if (!await media.DeleteAsync(assetId, cancellationToken))
        {
            return false;
        }

        lesson.MediaAssetId = null;
        lesson.VideoSeconds = 0;
        await db.SaveChangesAsync(cancellationToken);
        await credit.RefreshAsync([lesson.CourseId], cancellationToken);
        return true;
    }
}
