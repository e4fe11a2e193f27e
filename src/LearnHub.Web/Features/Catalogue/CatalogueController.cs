using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Media;
using LearnHub.Web.Features.Catalogue.Attachments;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Catalogue;

public sealed record CatalogueViewModel(CatalogueFilter Filter, IReadOnlyList<CourseCard> Courses);

public sealed record CourseViewModel(CourseDetail Course, string NotesHtml, IReadOnlyList<(LessonSummary Lesson, string NotesHtml)> Lessons,
    LessonPlayer? Player = null, bool MayManage = false, bool Preview = false)
{
    /// <summary>Each lesson's downloadable files, for a viewer who may watch the course; empty for anyone else.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<AttachmentView>> Attachments { get; init; } = new Dictionary<int, IReadOnlyList<AttachmentView>>();

    public IReadOnlyList<AttachmentView> AttachmentsOf(int lessonId) => Attachments.GetValueOrDefault(lessonId) ?? [];
}

/// <summary>
/// The lesson being watched or read: signed playlist and poster URLs (null until a video is ready), the
/// slides URL when slides are attached, whether the viewer may manage the lesson's media, and for a reading
/// lesson whether the viewer's reading is timed (a trainee signed in) and the seconds read so far.
/// </summary>
public sealed record LessonPlayer(LessonSummary Lesson, string NotesHtml, bool SignedIn, string? PlaylistUrl, string? PosterUrl,
    string? SlidesUrl, bool MayManage, IReadOnlySet<int> LessonsWithMedia, bool HasQuiz = false, LessonReading? Reading = null)
{
    /// <summary>The signed-in trainee's finished lessons and those whose video or reading is done but whose quiz is not passed yet.</summary>
    public LessonMarks Marks { get; init; } = LessonMarks.None;
}

/// <summary>Where a trainee stands in each lesson of a course, for the lesson list.</summary>
public sealed record LessonMarks(IReadOnlySet<int> Finished, IReadOnlySet<int> AwaitingQuiz)
{
    public static readonly LessonMarks None = new(new HashSet<int>(), new HashSet<int>());
}

/// <summary>A reading lesson's timing for the signed-in trainee.</summary>
public sealed record LessonReading(double ReadSeconds, double RequiredSeconds, bool Completed);

/// <summary>The course catalogue: open to everyone, so a visitor can see what the programme offers.</summary>
[AllowAnonymous]
public sealed class CatalogueController(CatalogueQueries catalogue, CourseCredit credit, MediaLibrary media, IMediaAccess access, CoursesDbContext db,
    CurrentScope scope, ILessonQuizGate quizzes, WatchingRules watching, LessonAttachments attachments, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/courses")]
    public async Task<IActionResult> Index(Tier? tier, CourseTopic? topic, OrganizationField? field, CourseFormat? format, string? q,
        CancellationToken cancellationToken)
    {
        // Unknown enum values in the query string bind to null and are ignored; a search is capped.
        var filter = new CatalogueFilter(Defined(tier), Defined(topic), Defined(field), Defined(format), q?.Trim() is { Length: > 0 } s ? s[..Math.Min(s.Length, 100)] : null);
        ViewData["Section"] = "catalogue";
        return View(new CatalogueViewModel(filter, await credit.WithHoursAsync(await catalogue.SearchAsync(filter, cancellationToken), cancellationToken)));
    }

    [HttpGet("/courses/{slug}")]
    public async Task<IActionResult> Course(string slug, int? lesson, CancellationToken cancellationToken)
    {
        var course = await catalogue.FindAsync(slug, unpublished: false, cancellationToken);
        var preview = false;
        if (course is null && User.Identity?.IsAuthenticated == true
            && await catalogue.FindAsync(slug, unpublished: true, cancellationToken) is { Lessons.Count: > 0 } draft
            && await access.MayManageLessonAsync(User, draft.Lessons[0].Id, cancellationToken))
        {
            // Its administrator or lecturer sees it before publishing it (a live replay waits for that review).
            (course, preview) = (draft, true);
        }

        if (course is null)
        {
            return NotFound();
        }

        ViewData["Section"] = "catalogue";
        course = await credit.WithHoursAsync(course, cancellationToken);
        // The lessons' files follow the lessons' own rule: whoever may watch them (every lesson of a course alike).
        var mayWatch = User.Identity?.IsAuthenticated == true && course.Lessons.Count > 0
            && await access.MayWatchLessonAsync(User, course.Lessons[0].Id, cancellationToken);
        return View(new CourseViewModel(course, Notes(course.NotesMarkdown),
            course.Lessons.Select(l => (l, Notes(l.NotesMarkdown))).ToList(),
            await PlayerAsync(course, lesson, cancellationToken),
            User.Identity?.IsAuthenticated == true && course.Lessons.Count > 0
                && await access.MayManageLessonAsync(User, course.Lessons[0].Id, cancellationToken), preview)
        {
            Attachments = mayWatch ? await attachments.ForLessonsAsync([.. course.Lessons.Select(l => l.Id)], cancellationToken)
                : new Dictionary<int, IReadOnlyList<AttachmentView>>(),
        });
    }

    private string Notes(string markdown) => MarkdownNotes.ToHtml(markdown, t["Markdown.Unreadable"]);

    /// <summary>The chosen lesson, else the first with a video, slides or a reading time; null when no lesson has any.</summary>
    private async Task<LessonPlayer?> PlayerAsync(CourseDetail course, int? lessonId, CancellationToken cancellationToken)
    {
        var withMedia = new HashSet<int>();
        foreach (var l in course.Lessons)
        {
            if (l.MediaAssetId is not null || l.IsReading || await media.HasSlidesAsync(l.Id, cancellationToken))
            {
                withMedia.Add(l.Id);
            }
        }

        var current = course.Lessons.FirstOrDefault(l => l.Id == lessonId && withMedia.Contains(l.Id))
            ?? course.Lessons.FirstOrDefault(l => withMedia.Contains(l.Id));
        if (current is null)
        {
            return null;
        }

        var signedIn = User.Identity?.IsAuthenticated == true;
        // The catalogue page is public, the media is not: URLs are issued only to those who may watch.
        var mayWatch = signedIn && await access.MayWatchLessonAsync(User, current.Id, cancellationToken);
        var signed = mayWatch && current.MediaAssetId is { } assetId ? media.SignedBase(assetId) : null;
        return new LessonPlayer(current, Notes(current.NotesMarkdown), signedIn,
            signed is null ? null : signed + "master.m3u8", signed is null ? null : signed + "poster.jpg",
            mayWatch && await media.HasSlidesAsync(current.Id, cancellationToken) ? $"/media/lessons/{current.Id}/slides.pdf" : null,
            signedIn && await access.MayManageLessonAsync(User, current.Id, cancellationToken), withMedia,
            mayWatch && await db.Set<Quiz>().AnyAsync(q => q.LessonId == current.Id && q.Published, cancellationToken),
            mayWatch && current.IsReading && scope.PersonId is { } personId ? await ReadingAsync(personId, current, cancellationToken) : null)
        {
            Marks = signedIn && scope.PersonId is { } trainee ? await MarksAsync(trainee, course, cancellationToken) : LessonMarks.None,
        };
    }

    /// <summary>Finished lessons, and those whose work is done but wait for their quiz (the list says so, not only the quiz page).</summary>
    private async Task<LessonMarks> MarksAsync(int personId, CourseDetail course, CancellationToken cancellationToken)
    {
        var ids = course.Lessons.Select(l => l.Id).ToList();
        var progress = await db.LessonProgress.AsNoTracking().Where(p => p.PersonId == personId && ids.Contains(p.LessonId))
            .Select(p => new { p.LessonId, p.CompletedAt, p.CoveredSeconds, p.DurationSeconds, p.ReadSeconds }).ToListAsync(cancellationToken);
        var finished = progress.Where(p => p.CompletedAt is not null).Select(p => p.LessonId).ToHashSet();
        var withQuiz = await quizzes.WithQuizAsync(ids, cancellationToken);
        var awaiting = new HashSet<int>();
        foreach (var lesson in course.Lessons.Where(l => withQuiz.Contains(l.Id) && !finished.Contains(l.Id)))
        {
            var p = progress.FirstOrDefault(x => x.LessonId == lesson.Id);
            var workDone = lesson.MediaAssetId is not null
                ? p is { DurationSeconds: > 0 } && p.CoveredSeconds / p.DurationSeconds >= watching.CompletionRatio
                : lesson.IsReading && p is not null && p.ReadSeconds >= lesson.ReadingMinutes * 60;
            if (workDone)
            {
                awaiting.Add(lesson.Id);
            }
        }

        return new LessonMarks(finished, awaiting);
    }

    private async Task<LessonReading> ReadingAsync(int personId, LessonSummary lesson, CancellationToken cancellationToken)
    {
        var progress = await db.LessonProgress.AsNoTracking().Where(p => p.PersonId == personId && p.LessonId == lesson.Id)
            .Select(p => new { p.ReadSeconds, p.CompletedAt }).SingleOrDefaultAsync(cancellationToken);
        return new LessonReading(progress?.ReadSeconds ?? 0, lesson.ReadingMinutes * 60.0, progress?.CompletedAt is not null);
    }

    private static T? Defined<T>(T? value)
        where T : struct, Enum => value is { } v && Enum.IsDefined(v) ? v : null;
}
