using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Web.Features.Catalogue.Media;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Catalogue.Workspace;

/// <summary>Where a lesson's media stands, as the lecturer's workspace tells it.</summary>
public enum LessonMediaState
{
    NoVideo,
    Reading,
    Uploading,
    Transcoding,
    Ready,
    Failed,
}

/// <summary>
/// One lesson in the workspace. Progress is the upload's or the transcode's share done (0 to 1); the bytes are an
/// unfinished upload's; Failure says why the newest upload failed.
/// </summary>
public sealed record WorkspaceLesson(int Id, int Order, string Title, LessonMediaState State, double Progress, double? DurationSeconds,
    int ReadingMinutes, MediaFailure Failure, long UploadedBytes, long TotalBytes);

public sealed record WorkspaceCourse(int Id, string Slug, string Title, bool Published, IReadOnlyList<WorkspaceLesson> Lessons);

/// <summary>The courses a lecturer teaches (the same courses whose lesson media they may manage) with each lesson's media state.</summary>
public sealed class WorkspaceQueries(CoursesDbContext db, MediaLibrary media)
{
    public async Task<IReadOnlyList<WorkspaceCourse>> CoursesAsync(int lecturerId, CancellationToken cancellationToken)
    {
        var courses = await CatalogueMediaAccess.TaughtBy(db.Courses.AsNoTracking(), lecturerId)
            .OrderBy(c => c.Title).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id, c.Slug, c.Title, c.Published,
                Lessons = c.Lessons.OrderBy(l => l.Order).Select(l => new { l.Id, l.Order, l.Title, l.MediaAssetId, l.VideoSeconds, l.ReadingMinutes }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var latest = await media.LatestForLessonsAsync([.. courses.SelectMany(c => c.Lessons).Select(l => l.Id)], cancellationToken);
        return [.. courses.Select(c => new WorkspaceCourse(c.Id, c.Slug, c.Title, c.Published, [.. c.Lessons.Select(l =>
            Lesson(l.Id, l.Order, l.Title, l.MediaAssetId is not null, l.VideoSeconds, l.ReadingMinutes, latest.GetValueOrDefault(l.Id)))]))];
    }

    /// <summary>An upload under way or failed tells more than the video it would replace, so the newest asset speaks first.</summary>
    private static WorkspaceLesson Lesson(int id, int order, string title, bool hasVideo, double videoSeconds, int readingMinutes, MediaAssetView? newest)
    {
        var (state, progress) = newest?.Status switch
        {
            MediaStatus.Uploading => (LessonMediaState.Uploading, newest.UploadedFraction),
            MediaStatus.Queued => (LessonMediaState.Transcoding, 0),
            MediaStatus.Processing => (LessonMediaState.Transcoding, newest.Progress),
            MediaStatus.Failed => (LessonMediaState.Failed, 0),
            _ when hasVideo => (LessonMediaState.Ready, 1),
            _ when readingMinutes > 0 => (LessonMediaState.Reading, 0),
            _ => (LessonMediaState.NoVideo, 0d),
        };
        var duration = videoSeconds > 0 ? videoSeconds : newest?.DurationSeconds;
        return new WorkspaceLesson(id, order, title, state, progress, hasVideo || state == LessonMediaState.Ready ? duration : null, readingMinutes,
            state == LessonMediaState.Failed ? newest!.Failure : MediaFailure.None,
            state == LessonMediaState.Uploading ? newest!.UploadOffset : 0, state == LessonMediaState.Uploading ? newest!.UploadLength : 0);
    }
}
