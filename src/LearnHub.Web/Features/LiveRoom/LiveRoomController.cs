using System.Security.Claims;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHalls;
using LearnHub.Web.Features.LiveVideo;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LiveRoom;

public sealed record LiveRoomPage(LectureHallSession Session, string SeriesTitle, bool Staff)
{
    /// <summary>The stream key and RTMP port, on the console only.</summary>
    public LiveVideoPanel? Video { get; init; }
}

/// <summary>The pages of a live room: the trainee's room and the lecturer's console. The hub does the rest.</summary>
public sealed class LiveRoomController(CoursesDbContext db, CurrentScope scope, LiveVideoService video) : Controller
{
    [HttpGet("/live/{sessionId:int}")]
    public async Task<IActionResult> Room(int sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(sessionId, cancellationToken) is not { } page)
        {
            return NotFound();
        }

        if (!page.Staff && scope.PersonId is null)
        {
            return Forbid();
        }

        ViewData["Section"] = "lecture-hall";
        return View(page);
    }

    [HttpGet("/live/{sessionId:int}/console")]
    public async Task<IActionResult> Console(int sessionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(sessionId, cancellationToken) is not { } page)
        {
            return NotFound();
        }

        if (!page.Staff)
        {
            return Forbid();
        }

        ViewData["Section"] = "lecture-hall";
        // Opening the console readies the video: the key exists and the session's RTMP listener waits.
        return View(page with { Video = await video.OpenAsync(sessionId, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", cancellationToken) });
    }

    private async Task<LiveRoomPage?> LoadAsync(int sessionId, CancellationToken cancellationToken)
    {
        var session = await db.LectureHallSessions.AsNoTracking().Include(s => s.Lecturer).Include(s => s.Series)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.HasLiveRoom, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var staff = scope.IsAdmin || (scope.LecturerId is not null && session.LecturerId == scope.LecturerId);
        return new LiveRoomPage(session, session.Series?.Title ?? "", staff);
    }
}
