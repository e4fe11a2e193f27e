using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media.Decks;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using LearnHub.Web.Localization;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>What the room shows as slides: the session's PDF deck as page images when it has one, its Markdown slides otherwise.</summary>
public sealed class LiveSlideDecks(SlideDecks decks, CoursesDbContext db, IStringLocalizer<SharedResource> t)
{
    public async Task<LiveSlideSet> SlidesForAsync(LectureHallSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (await decks.CurrentAsync(session.Id, cancellationToken) is { } deck)
        {
            return new LiveSlideSet(Enumerable.Range(1, deck.Pages).Select(page => ImageUrl(session.Id, deck.Id, page)).ToList(), Images: true);
        }

        var markdown = await db.LiveBroadcasts.AsNoTracking().Where(b => b.SessionId == session.Id).Select(b => b.Slides).SingleOrDefaultAsync(cancellationToken);
        return new LiveSlideSet(LiveSlides.ToHtml(markdown, t["Markdown.Unreadable"]), Images: false);
    }

    /// <summary>
    /// A page's address. The deck's id is in it, so a page's bytes never change under one address
    /// (browsers cache it for good) and a replaced deck's pages are simply never asked for again.
    /// </summary>
    public static string ImageUrl(int sessionId, Guid deckId, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"/live/{sessionId}/slides/{deckId:N}/{page}.jpg");
}

/// <summary>
/// A session's deck changed (a new one finished rendering, or it was removed): the room takes the new
/// slides through its log, like any other change, so every node's copy agrees, and everyone in the
/// room is sent the slide now shown.
/// </summary>
internal sealed class LiveRoomDeckEvents(IServiceScopeFactory scopes, LiveRoomRegistry registry, IHubContext<LiveRoomHub, ILiveRoomClient> hub,
    TimeProvider clock) : ISlideDeckEvents
{
    public async Task DeckChangedAsync(int sessionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<LiveLectures>().FindSessionAsync(sessionId, cancellationToken) is not { } session)
        {
            return;
        }

        var slides = await scope.ServiceProvider.GetRequiredService<LiveSlideDecks>().SlidesForAsync(session, cancellationToken);
        var room = await registry.RoomAsync(session, _ => Task.FromResult(slides), cancellationToken);
        await registry.ApplyAsync<int>(sessionId, new LiveRoomCommand(LiveRoomCommandKind.ReplaceSlides, clock.GetUtcNow(), Options: slides.Slides, Images: slides.Images),
            cancellationToken);
        await hub.Clients.Group(LiveRoomHub.RoomGroup(sessionId)).Slide(LiveDtos.Slide(room));
    }
}
