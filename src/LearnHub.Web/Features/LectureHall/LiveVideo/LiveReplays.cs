using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Media.Tools;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall.LiveVideo;

/// <summary>
/// Turns a lecture's recording into its replay: an online course of one lesson per session (so watching
/// it credits the session's hours through the ordinary watching path, as online learning) whose video is
/// the recording, imported through the media pipeline like any upload.
/// </summary>
/// <remarks>
/// Every step leaves the session's folder in a state the next attempt (after a restart, see
/// <see cref="LiveVideoResume"/>) finishes without losing or repeating anything: the parts are joined into
/// <c>replay.joining.mkv</c>, checked, and only then renamed to <c>replay.mkv</c> and the parts removed;
/// the import is skipped when the replay lesson already has an uploaded asset, and an upload cut off
/// half-way is deleted and sent again; the folder goes last.
/// </remarks>
public sealed class LiveReplays(CoursesDbContext db, MediaLibrary media, FfmpegLocator locator, LiveVideoOptions options, ILogger<LiveReplays> logger)
{
    private const string Joined = "replay.mkv";
    private const string Joining = "replay.joining.mkv";

    // One finishing run per session in this process: the end of the lecture and the start-up resume may meet.
    private static readonly ConcurrentDictionary<int, SemaphoreSlim> Running = new();

    /// <summary>
    /// Imports the ended lecture's recording parts as one file (joined in order) and clears the session's
    /// folder; returns the replay lesson's id, or null when nothing was recorded.
    /// </summary>
    public async Task<int?> FinishAsync(int sessionId, CancellationToken cancellationToken)
    {
        var gate = Running.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await FinishLockedAsync(sessionId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int?> FinishLockedAsync(int sessionId, CancellationToken cancellationToken)
    {
        var folder = options.SessionFolder(sessionId);
        if (LiveBroadcastMarker.Read(options, sessionId) is not { Ended: true } marker)
        {
            return null;
        }

        var joined = Path.Combine(folder, Joined);
        if (!File.Exists(joined))
        {
            var parts = LiveIngest.RecordingParts(options, sessionId).Where(p => new FileInfo(p).Length > 0).ToList();
            if (parts.Count == 0)
            {
                Directory.Delete(folder, recursive: true);
                return null;
            }

            await JoinAsync(parts, joined, cancellationToken);
            foreach (var part in LiveIngest.RecordingParts(options, sessionId))
            {
                File.Delete(part);
            }
        }

        var lessonId = await ReplayLessonAsync(sessionId, cancellationToken);
        if (await media.LatestForLessonAsync(lessonId, cancellationToken) is { } existing)
        {
            if (existing.Status == MediaStatus.Uploading)
            {
                // The previous attempt stopped while copying; its asset holds part of the file.
                await media.DeleteAsync(existing.Id, cancellationToken);
                existing = null;
            }

            if (existing is not null)
            {
                logger.LogInformation("The recording of session {Session} was already imported as asset {Asset}.", sessionId, existing.Id);
            }
            else
            {
                await ImportAsync(sessionId, joined, marker.OwnerId, lessonId, cancellationToken);
            }
        }
        else
        {
            await ImportAsync(sessionId, joined, marker.OwnerId, lessonId, cancellationToken);
        }

        Directory.Delete(folder, recursive: true);
        return lessonId;
    }

    private async Task ImportAsync(int sessionId, string file, string ownerId, int lessonId, CancellationToken cancellationToken)
    {
        var asset = await media.ImportAsync(file, $"live-{sessionId}.mkv", ownerId, lessonId, cancellationToken);
        logger.LogInformation("The recording of session {Session} became asset {Asset} of replay lesson {Lesson} ({Status}).", sessionId, asset.Id, lessonId, asset.Status);
    }

    /// <summary>The session's replay lesson, made on first need (found again by the course's slug).</summary>
    private async Task<int> ReplayLessonAsync(int sessionId, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.Include(s => s.Series).SingleAsync(s => s.Id == sessionId, cancellationToken);
        if (session.ReplayLessonId is { } known)
        {
            return known;
        }

        var course = await db.Courses.Include(c => c.Lessons).SingleOrDefaultAsync(c => c.Slug == LiveReplay.CourseSlug(sessionId), cancellationToken);
        if (course is null)
        {
            course = LiveReplay.NewCourse(session);
            db.Courses.Add(course);
            await db.SaveChangesAsync(cancellationToken);
        }

        session.ReplayLessonId = course.Lessons.OrderBy(l => l.Order).First().Id;
        await db.SaveChangesAsync(cancellationToken);
        return session.ReplayLessonId.Value;
    }

    /// <summary>
    /// Joins the parts in order into <paramref name="target"/>. Parts with the same streams (an encoder that
    /// reconnected, a restart of LearnHub) are joined as they are; when they differ (OBS and the browser
    /// camera in one lecture) each is first encoded to the same H.264/AAC, so no part is dropped. The
    /// result is written beside the target, checked with ffprobe and only then moved into place.
    /// </summary>
    private async Task JoinAsync(List<string> parts, string target, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(target)!;
        var joining = Path.Combine(folder, Joining);
        var kinds = new List<string>();
        foreach (var part in parts)
        {
            kinds.Add((await RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate,channels", "-of", "csv=p=0", part], cancellationToken)).Output.Trim());
        }

        var inputs = parts;
        var normalized = new List<string>();
        if (parts.Count > 1 && kinds.Distinct(StringComparer.Ordinal).Count() > 1)
        {
            logger.LogInformation("Recording parts of different kinds ({Kinds}); each is encoded to H.264/AAC before joining.", string.Join(" | ", kinds.Distinct(StringComparer.Ordinal)));
            for (var i = 0; i < parts.Count; i++)
            {
                var output = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"normalized-{i:D4}.mkv"));
                await NormalizeAsync(parts[i], kinds[i].Contains("audio", StringComparison.Ordinal), output, cancellationToken);
                normalized.Add(output);
            }

            inputs = normalized;
        }

        if (inputs.Count == 1)
        {
            await CheckedAsync(["-i", inputs[0], "-map", "0", "-c", "copy", "-f", "matroska", joining], cancellationToken);
        }
        else
        {
            var list = Path.Combine(folder, "parts.txt");
            await File.WriteAllLinesAsync(list, inputs.Select(p => $"file '{p.Replace("'", "'\\''", StringComparison.Ordinal)}'"), cancellationToken);
            await CheckedAsync(["-f", "concat", "-safe", "0", "-i", list, "-map", "0", "-c", "copy", "-f", "matroska", joining], cancellationToken);
            File.Delete(list);
        }

        var probe = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", joining], cancellationToken);
        if (probe.Exit != 0 || !double.TryParse(probe.Output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new InvalidOperationException($"The joined recording is not readable: {probe.Errors.Trim()}");
        }

        File.Move(joining, target, overwrite: true);
        foreach (var file in normalized)
        {
            File.Delete(file);
        }
    }

    /// <summary>One part as H.264/AAC at 1280×720 (letterboxed), 25 fps, 48 kHz stereo: silence where it had no sound.</summary>
    private Task NormalizeAsync(string part, bool hasAudio, string output, CancellationToken cancellationToken)
    {
        List<string> arguments = ["-i", part];
        if (!hasAudio)
        {
            arguments.AddRange(["-f", "lavfi", "-i", "anullsrc=r=48000:cl=stereo"]);
        }

        arguments.AddRange([
            "-map", "0:v:0", "-map", hasAudio ? "0:a:0" : "1:a:0", "-shortest",
            "-vf", "scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25,format=yuv420p",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2", "-f", "matroska", output,
        ]);
        return CheckedAsync(arguments, cancellationToken);
    }

    private async Task CheckedAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var (exit, _, errors) = await RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", "-y", .. arguments], cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not join the recording: {errors.Trim()}");
        }
    }

    private async Task<(int Exit, string Output, string Errors)> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Path.Combine(locator.FindFolder() ?? throw new InvalidOperationException(FfmpegLocator.InstallHint), tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await errors);
    }
}
