using System.Diagnostics;
using System.Globalization;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Media.Tools;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LiveVideo;

/// <summary>
/// Turns a lecture's recording into its replay: an online course of one lesson per session (so watching
/// it credits the session's hours through the ordinary watching path, as online learning) whose video is
/// the recording, imported through the media pipeline like any upload.
/// </summary>
public sealed class LiveReplays(CoursesDbContext db, MediaLibrary media, FfmpegLocator locator, ILogger<LiveReplays> logger)
{
    public static string CourseSlug(int sessionId) => string.Create(CultureInfo.InvariantCulture, $"live-replay-{sessionId}");

    /// <summary>Imports the recording parts (joined when there are several); returns the replay lesson's id, or null when there was nothing to import.</summary>
    public async Task<int?> ImportAsync(int sessionId, IReadOnlyList<string> parts, string ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var usable = parts.Where(p => File.Exists(p) && new FileInfo(p).Length > 0).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var session = await db.LectureHallSessions.Include(s => s.Series).SingleAsync(s => s.Id == sessionId, cancellationToken);
        var lessonId = session.ReplayLessonId;
        if (lessonId is null)
        {
            var minutes = (int)(session.EndTime - session.StartTime).TotalMinutes;
            var course = await db.Courses.Include(c => c.Lessons).SingleOrDefaultAsync(c => c.Slug == CourseSlug(sessionId), cancellationToken);
            if (course is null)
            {
                course = new Course
                {
                    Slug = CourseSlug(sessionId),
                    Title = session.Topic,
                    Summary = session.Series?.Title ?? "",
                    NotesMarkdown = session.Description,
                    Topic = CourseTopic.PartyTheory,
                    Fields = session.Fields,
                    Tiers = session.Tiers,
                    Format = CourseFormat.Online,
                    CreditHours = session.CreditHours,
                    LecturerId = session.LecturerId,
                    Published = true,
                };
                course.Lessons.Add(new Lesson { Order = 1, Title = session.Topic, Minutes = Math.Max(1, minutes) });
                db.Courses.Add(course);
                await db.SaveChangesAsync(cancellationToken);
            }

            lessonId = course.Lessons.OrderBy(l => l.Order).First().Id;
            session.ReplayLessonId = lessonId;
            await db.SaveChangesAsync(cancellationToken);
        }

        var file = usable.Count == 1 ? usable[0] : await JoinAsync(usable, cancellationToken);
        var asset = await media.ImportAsync(file, $"live-{sessionId}.mkv", ownerId, lessonId, cancellationToken);
        logger.LogInformation("The recording of session {Session} became asset {Asset} of replay lesson {Lesson} ({Status}).", sessionId, asset.Id, lessonId, asset.Status);
        foreach (var part in usable.Append(file).Distinct())
        {
            File.Delete(part);
        }

        return lessonId;
    }

    /// <summary>
    /// Several parts (an encoder that reconnected, or a switch between OBS and the browser camera) are
    /// joined without re-encoding when they share codecs; otherwise the longest part is kept and the
    /// others are logged as lost, since a mixed join would need a full re-encode at lecture end.
    /// </summary>
    private async Task<string> JoinAsync(List<string> parts, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(parts[0])!;
        var list = Path.Combine(folder, "parts.txt");
        await File.WriteAllLinesAsync(list, parts.Select(p => $"file '{p.Replace("'", "'\\''", StringComparison.Ordinal)}'"), cancellationToken);
        var joined = Path.Combine(folder, "recording-joined.mkv");
        var info = new ProcessStartInfo(Path.Combine(locator.FindFolder() ?? throw new InvalidOperationException(FfmpegLocator.InstallHint), "ffmpeg"))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", joined })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        File.Delete(list);
        if (process.ExitCode == 0 && errors.Length == 0)
        {
            return joined;
        }

        File.Delete(joined);
        var longest = parts.MaxBy(p => new FileInfo(p).Length)!;
        logger.LogWarning("Recording parts of different kinds could not be joined ({Errors}); the largest, {Part}, is kept.", errors.Trim(), Path.GetFileName(longest));
        return longest;
    }
}
