using System.Security.Claims;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Media.Decks;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.LectureHall.Live;

public sealed record LiveRoomPage(LectureHallSession Session, string SeriesTitle, bool Staff)
{
    /// <summary>
    /// The session's day has passed (the series page says "held"). A room still waiting then was not
    /// streamed here, perhaps held in the hall only: saying "not started" would be false.
    /// </summary>
    public bool Held { get; init; }

    /// <summary>The session is over (its end has passed): the room is a record now, and takes no more questions.</summary>
    public bool Ended { get; init; }

    /// <summary>The broadcast is over: no stream key, no listener, and the players show the ended state from the start.</summary>
    public bool VideoEnded { get; init; }

    /// <summary>The stream key and RTMP port, on the console only; null once the broadcast is over.</summary>
    public LiveVideoPanel? Video { get; init; }

    /// <summary>The PDF deck and its upload, on the console only.</summary>
    public SlideDeckPanel? Deck { get; init; }
}

/// <summary>The pages of a live room: the trainee's room and the lecturer's console. The hub does the rest.</summary>
public sealed class LiveRoomController(LiveRoomAccess access, CurrentScope scope, LiveVideoService video, SlideDecks decks, ProgrammeClock clock) : Controller
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
        // Opening the console readies the video: the key exists and the session's RTMP listener waits. Not once the
        // broadcast is over: reopening it would issue a key and listen again for a lecture whose replay is being made.
        var deck = new SlideDeckPanel(await decks.CurrentAsync(sessionId, cancellationToken), await decks.LatestAsync(sessionId, cancellationToken),
            decks.MaxBytes, decks.MaxPages);
        var panel = page.VideoEnded ? null : await video.OpenAsync(sessionId, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", cancellationToken);
        return View(page with { Video = panel, Deck = deck });
    }

    private async Task<LiveRoomPage?> LoadAsync(int sessionId, CancellationToken cancellationToken)
    {
        if (await access.LoadAsync(sessionId, cancellationToken) is not { } found)
        {
            return null;
        }

        return new LiveRoomPage(found.Session, found.Session.Series?.Title ?? "", found.Staff)
        {
            Held = found.Session.Date < clock.Today, Ended = clock.End(found.Session) <= clock.UtcNow,
            VideoEnded = await video.EndedAsync(found.Session, cancellationToken),
        };
    }
}
