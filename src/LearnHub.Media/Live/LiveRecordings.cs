using System.Collections.Concurrent;
using System.Globalization;
using LearnHub.Media.Assets;
using LearnHub.Media.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>
/// Turns a lecture's recording parts into its replay: joined into one file and imported through the media
/// pipeline like any upload, as the video of the session's replay lesson (which <see cref="ILiveSessions"/>
/// names, so watching it credits through the ordinary watching path).
/// </summary>
/// <remarks>
/// Every step leaves the session's folder in a state the next attempt (after a restart, see
/// <see cref="LiveVideoResume"/>) finishes without losing or repeating anything: the parts are joined into
/// <c>replay.joining.mkv</c>, checked, and only then renamed to <c>replay.mkv</c> and the parts removed;
/// the import is skipped when the replay lesson already has an uploaded asset, and an upload cut off
/// half-way is deleted and sent again; the folder goes last.
/// </remarks>
public sealed class LiveRecordings
{
    private readonly ILiveSessions _sessions;
    private readonly MediaLibrary _media;
    private readonly IFfmpeg _ffmpeg;
    private readonly LiveVideoOptions _options;
    private readonly ILogger<LiveRecordings> _logger;

    internal LiveRecordings(ILiveSessions sessions, MediaLibrary media, IFfmpeg ffmpeg, LiveVideoOptions options, ILogger<LiveRecordings> logger)
    {
        _sessions = sessions;
        _media = media;
        _ffmpeg = ffmpeg;
        _options = options;
        _logger = logger;
    }

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
        var folder = _options.SessionFolder(sessionId);
        if (LiveBroadcastMarker.Read(_options, sessionId) is not { Ended: true } marker)
        {
            return null;
        }

        var joined = Path.Combine(folder, Joined);
        if (!File.Exists(joined))
        {
            var parts = LiveIngest.RecordingParts(_options, sessionId).Where(p => new FileInfo(p).Length > 0).ToList();
            if (parts.Count == 0)
            {
                Directory.Delete(folder, recursive: true);
                return null;
            }

            await JoinAsync(parts, joined, cancellationToken);
            foreach (var part in LiveIngest.RecordingParts(_options, sessionId))
            {
                File.Delete(part);
            }
        }

        var lessonId = await _sessions.ReplayLessonAsync(sessionId, cancellationToken);
        // Probed again here rather than kept from the join: a resumed finish finds the joined file from an earlier run.
        await _sessions.ReplayRecordedAsync(sessionId, TimeSpan.FromSeconds(await LengthAsync(joined, cancellationToken)), cancellationToken);
        if (await _media.LatestForLessonAsync(lessonId, cancellationToken) is { } existing)
        {
            if (existing.Status == MediaStatus.Uploading)
            {
                // The previous attempt stopped while copying; its asset holds part of the file.
                await _media.DeleteAsync(existing.Id, cancellationToken);
                existing = null;
            }

            if (existing is not null)
            {
                _logger.LogInformation("The recording of session {Session} was already imported as asset {Asset}.", sessionId, existing.Id);
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
        var asset = await _media.ImportAsync(file, $"live-{sessionId}.mkv", ownerId, lessonId, cancellationToken);
        _logger.LogInformation("The recording of session {Session} became asset {Asset} of replay lesson {Lesson} ({Status}).", sessionId, asset.Id, lessonId, asset.Status);
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
            _logger.LogInformation("Recording parts of different kinds ({Kinds}); each is encoded to H.264/AAC before joining.", string.Join(" | ", kinds.Distinct(StringComparer.Ordinal)));
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

        await LengthAsync(joining, cancellationToken);
        File.Move(joining, target, overwrite: true);
        foreach (var file in normalized)
        {
            File.Delete(file);
        }
    }

    /// <summary>The recording's length in seconds, read by ffprobe; a file without one is not a readable recording.</summary>
    private async Task<double> LengthAsync(string file, CancellationToken cancellationToken)
    {
        var probe = await RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file], cancellationToken);
        if (probe.Exit != 0 || !double.TryParse(probe.Output.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new InvalidOperationException($"The joined recording is not readable: {probe.Errors.Trim()}");
        }

        return seconds;
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

    private Task<(int Exit, string Output, string Errors)> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        _ffmpeg.RunToolAsync(tool, arguments, cancellationToken);

    /// <summary>
    /// Finishes the replay in its own scope, for the background (the end of a lecture, a restart): a failure is
    /// logged and the parts stay for the next start to try again.
    /// </summary>
    public static async Task FinishInBackgroundAsync(IServiceScopeFactory scopes, int sessionId, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LiveRecordings>().FinishAsync(sessionId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The recording of session {Session} could not be imported; its parts stay in the data folder and the next start tries again.", sessionId);
        }
    }
}
