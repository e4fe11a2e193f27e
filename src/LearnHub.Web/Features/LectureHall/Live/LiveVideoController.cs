using LearnHub.Media.Live;
using System.Security.Claims;
using System.Text.RegularExpressions;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// The live HLS of a session, its state for the players, and the stream key for the console. The HLS
/// goes only to people the live room lets in; playlists are never cached, since they change every segment.
/// </summary>
public sealed partial class LiveVideoController(LiveVideoService video, LiveIngest ingest, IAuthorizationService authorization) : Controller
{
    [HttpGet("/live/{sessionId:int}/video/state")]
    public async Task<IActionResult> State(int sessionId, CancellationToken cancellationToken)
    {
        if (await video.FindAsync(sessionId, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        if (!await LiveVideoService.MayWatchAsync(authorization, User, session))
        {
            return Forbid();
        }

        Response.Headers.CacheControl = "no-store";
        // An ended broadcast says so, and where its replay stands, so players and the camera stop asking.
        if (await video.EndedAsync(session, cancellationToken))
        {
            var staff = await authorization.IsSessionStaffAsync(User, session);
            var replay = await video.ReplayAsync(sessionId, staff, cancellationToken);
            return Json(new { live = false, ended = true, replay = replay.ToString() });
        }

        return Json(new { live = ingest.IsLive(sessionId), ended = false, src = Url.Content($"~/live/{sessionId}/video/{LiveIngest.Playlist}") });
    }

    [HttpGet("/live/{sessionId:int}/video/{file}")]
    public async Task<IActionResult> Hls(int sessionId, string file, CancellationToken cancellationToken)
    {
        if (!HlsFile().IsMatch(file))
        {
            return NotFound();
        }

        if (await video.FindAsync(sessionId, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        if (!await LiveVideoService.MayWatchAsync(authorization, User, session))
        {
            return Forbid();
        }

        var path = Path.Combine(ingest.Options.HlsFolder(sessionId), file);
        if (!ingest.IsOpen(sessionId) || !System.IO.File.Exists(path))
        {
            return NotFound();
        }

        var playlist = file == LiveIngest.Playlist;
        // A segment never changes once listed; a playlist changes every second. Both are private to the room.
        Response.Headers.CacheControl = playlist ? "no-cache, no-store" : "private, max-age=60";
        try
        {
            // Read whole (a segment is a second of video): the sliding playlist may delete it right after.
            return File(await System.IO.File.ReadAllBytesAsync(path, cancellationToken), playlist ? "application/vnd.apple.mpegurl" : "video/mp2t");
        }
        catch (FileNotFoundException)
        {
            // The sliding playlist dropped the segment between the check and the read.
            return NotFound();
        }
    }

    /// <summary>Replaces the stream key; the console shows the new one.</summary>
    [HttpPost("/live/{sessionId:int}/video/key")]
    public async Task<IActionResult> RegenerateKey(int sessionId, CancellationToken cancellationToken)
    {
        if (await video.FindAsync(sessionId, cancellationToken) is not { } session)
        {
            return NotFound();
        }

        if (!await authorization.IsSessionStaffAsync(User, session))
        {
            return Forbid();
        }

        var panel = await video.RegenerateKeyAsync(sessionId, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", cancellationToken);
        return Json(new { key = panel.Key, port = panel.Port });
    }

    [GeneratedRegex(@"^(index\.m3u8|seg\d{6,9}\.ts)$")]
    private static partial Regex HlsFile();
}
