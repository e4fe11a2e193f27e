using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media;
using LearnHub.Media.Tools;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>
/// In demo mode, gives a few demo lessons a real video: short clips generated with ffmpeg (test
/// pattern, tone, the lesson title) and fed through the ordinary import → validation → transcode
/// path. Runs in the background so start-up is not held up, and only for lessons that never had an
/// asset, so restarts do not repeat it.
/// </summary>
internal sealed class DemoVideos(IServiceScopeFactory scopes, IFfmpeg ffmpeg, IOptions<DemoVideoOptions> options, ILogger<DemoVideos> logger) : BackgroundService
{
    /// <summary>The lessons that get a clip: course slug and lesson order.</summary>
    private static readonly (string Course, int Order, string Pattern)[] Lessons =
    [
        ("pb-organization-building", 1, "testsrc2"),
        ("pb-organization-building", 2, "smptebars"),
        ("party-theory-basics", 1, "testsrc2"),
    ];

    private const string Font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DemoVideos)
        {
            return;
        }

        var seconds = options.Value.DemoVideoSeconds;
        var work = Path.Combine(Path.GetTempPath(), $"learnhub-demo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            // The held sessions' replays get a clip too, as the end of their live lecture would have given them.
            List<(string Course, int Order, string Pattern)> replays;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
                var slugs = await db.LectureHallSessions.AsNoTracking()
                    .Where(s => db.LiveBroadcasts.Any(b => b.SessionId == s.Id && b.ReplayLessonId != null)).OrderBy(s => s.Date).Select(s => s.Id)
                    .ToListAsync(stoppingToken);
                replays = slugs.Select(id => (LiveReplay.CourseSlug(id), 1, "smptebars")).ToList();
            }

            foreach (var (slug, order, pattern) in Lessons.Concat(replays))
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
                var media = scope.ServiceProvider.GetRequiredService<MediaLibrary>();
                var lesson = await db.Lessons.AsNoTracking()
                    .Where(l => l.Order == order && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == slug))
                    .Select(l => new { l.Id, l.Title, l.MediaAssetId }).SingleOrDefaultAsync(stoppingToken);
                if (lesson is null || lesson.MediaAssetId is not null || await media.LessonHasAnyAsync(lesson.Id, stoppingToken))
                {
                    continue;
                }

                var clip = Path.Combine(work, $"lesson-{lesson.Id.ToString(CultureInfo.InvariantCulture)}.mp4");
                var titleFile = Path.Combine(work, $"lesson-{lesson.Id.ToString(CultureInfo.InvariantCulture)}.txt");
                await File.WriteAllTextAsync(titleFile, lesson.Title, stoppingToken);
                var error = await ffmpeg.RunAsync(ClipArguments(pattern, seconds, titleFile, clip), seconds, null, stoppingToken);
                if (error is not null)
                {
                    logger.LogWarning("Could not generate the demo video for lesson {Lesson}: {Error}", lesson.Id, error);
                    continue;
                }

                var asset = await media.ImportAsync(clip, $"{lesson.Title}.mp4", "demo", lesson.Id, stoppingToken);
                logger.LogInformation("Demo video for lesson {Lesson} is {Status}.", lesson.Id, asset.Status);
                File.Delete(clip);
            }
        }
        catch (InvalidOperationException e)
        {
            // ffmpeg missing: the health check reports it; the demo simply has no videos.
            logger.LogWarning(e, "Demo videos were not generated.");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    internal static List<string> ClipArguments(string pattern, int seconds, string titleFile, string output)
    {
        var duration = seconds.ToString(CultureInfo.InvariantCulture);
        var filter = File.Exists(Font)
            ? $"drawtext=fontfile={Font}:textfile={titleFile}:fontsize=52:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=18:x=(w-tw)/2:y=h-th-80"
            : "null";
        return
        [
            "-f", "lavfi", "-i", $"{pattern}=size=1280x720:rate=25:duration={duration}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}",
            "-vf", filter, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "96k", "-shortest", "-movflags", "+faststart", output,
        ];
    }
}
