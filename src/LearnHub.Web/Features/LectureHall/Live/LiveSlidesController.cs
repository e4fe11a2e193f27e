using LearnHub.Web.Features.Catalogue.Media;
using LearnHub.Media.Decks;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>The console's view of the session's PDF deck: the one shown, and an upload being rendered or refused.</summary>
public sealed record SlideDeckPanel(SlideDeckView? Current, SlideDeckView? Latest, long MaxBytes, int MaxPages)
{
    public long MaxMegabytes => MaxBytes / 1024 / 1024;
}

/// <summary>
/// The PDF slides of a live session (直播课件): staff upload, replace and remove them from the console;
/// everyone the room lets in fetches the rendered pages.
/// </summary>
[Route("/live/{sessionId:int}/slides")]
public sealed class LiveSlidesController(LiveRoomAccess access, SlideDecks decks, IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>The most any deck upload may send, whatever Media:MaxDeckBytes says; the configured limit is checked first (<see cref="DeckSizeCheckAttribute"/>).</summary>
    public const long CeilingBytes = 512L * 1024 * 1024;

    /// <summary>A rendered page: for the room's audience only, cached for good (a new deck is a new address).</summary>
    [HttpGet("{deckId:guid}/{page:int}.jpg")]
    public async Task<IActionResult> Page(int sessionId, Guid deckId, int page, CancellationToken cancellationToken)
    {
        switch (await access.MayEnterAsync(sessionId, cancellationToken))
        {
            case null:
                return NotFound();
            case false:
                // A status, not the cookie scheme's redirect to the "denied" page: the caller is an <img>.
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                break;
        }

        if (await decks.OpenPageAsync(sessionId, deckId, page, cancellationToken) is not { } image)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        return File(image.Content, "image/jpeg", image.LastModified, new EntityTagHeaderValue($"\"{deckId:N}-{page}\""));
    }

    /// <summary>The newest upload's state, for the console's progress bar.</summary>
    [HttpGet("state")]
    public async Task<IActionResult> State(int sessionId, CancellationToken cancellationToken)
    {
        if (await StaffCheckAsync(sessionId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var latest = await decks.LatestAsync(sessionId, cancellationToken);
        var current = await decks.CurrentAsync(sessionId, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Json(new
        {
            state = latest is null ? "None" : latest.Stalled ? "Stalled" : latest.State.ToString(),
            rendered = latest?.Rendered ?? 0,
            pages = latest?.Pages ?? 0,
            message = latest is null ? "" : Describe(latest),
            current = current is null ? "" : t["LiveSlides.Current", current.FileName, current.Pages].Value,
        });
    }

    [HttpPost("")]
    [DeckSizeCheck]
    [RequestSizeLimit(CeilingBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = CeilingBytes)]
    public async Task<IActionResult> Upload(int sessionId, IFormFile? deck, CancellationToken cancellationToken)
    {
        if (await StaffCheckAsync(sessionId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var error = deck is null || deck.Length == 0 ? t["LiveSlides.Missing"]
            : deck.Length > decks.MaxBytes ? t["LiveSlides.TooLarge", decks.MaxBytes / 1024 / 1024]
            : !await PdfFile.HasSignatureAsync(deck, cancellationToken) ? t["LiveSlides.NotPdf"]
            : null;
        if (error is null)
        {
            await using var content = deck!.OpenReadStream();
            var (refused, added) = await decks.AddAsync(sessionId, content, deck.FileName, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "", cancellationToken);
            error = refused switch
            {
                SlideDeckRefusal.NotReadable => t["LiveSlides.NotReadable"],
                SlideDeckRefusal.TooManyPages => t["LiveSlides.TooManyPages", decks.MaxPages],
                _ => null,
            };
            if (added is not null)
            {
                this.Flash(FlashKind.Notice, t["LiveSlides.Accepted", added.FileName, added.Pages].Value);
            }
        }

        if (error is not null)
        {
            this.Flash(FlashKind.SlidesError, error.Value);
        }

        return Redirect($"/live/{sessionId}/console#slides-deck");
    }

    [HttpPost("delete")]
    public async Task<IActionResult> Remove(int sessionId, CancellationToken cancellationToken)
    {
        if (await StaffCheckAsync(sessionId, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await decks.RemoveAsync(sessionId, cancellationToken);
        this.Flash(FlashKind.Notice, t["LiveSlides.Removed"].Value);
        return Redirect($"/live/{sessionId}/console#slides-deck");
    }

    /// <summary>What the console says about an upload that is not (yet) the deck shown.</summary>
    public static string? Describe(SlideDeckView deck, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(deck);
        ArgumentNullException.ThrowIfNull(localizer);
        return deck switch
        {
            { Stalled: true } => localizer["LiveSlides.Stalled", deck.FileName].Value,
            { State: SlideDeckState.Rendering } => localizer["LiveSlides.Rendering", deck.FileName, deck.Rendered, deck.Pages].Value,
            { State: SlideDeckState.Failed } => localizer["LiveSlides.Failed", deck.FileName].Value,
            _ => null,
        };
    }

    private string Describe(SlideDeckView deck) => Describe(deck, t) ?? "";

    private async Task<IActionResult?> StaffCheckAsync(int sessionId, CancellationToken cancellationToken)
    {
        if (await access.LoadAsync(sessionId, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        return found.Staff ? null : Forbid();
    }
}

/// <summary>
/// Refuses a deck larger than Media:MaxDeckBytes from its Content-Length, before anything reads the
/// body: antiforgery validation reads the whole form, so a check in the action would come after the
/// file was received. Runs ahead of the antiforgery filter for that reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DeckSizeCheckAttribute : Attribute, IAsyncAuthorizationFilter, IOrderedFilter
{
    public int Order => -1000;

    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var decks = http.RequestServices.GetRequiredService<SlideDecks>();
        // The form's boundaries and the antiforgery field add a little to the file itself.
        var limit = decks.MaxBytes + 64 * 1024;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            var tempData = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionaryFactory>().GetTempData(http);
            tempData.Flash(FlashKind.SlidesError, t["LiveSlides.TooLarge", decks.MaxBytes / 1024 / 1024].Value);
            context.Result = new RedirectResult($"/live/{context.RouteData.Values["sessionId"]}/console#slides-deck");
        }

        return Task.CompletedTask;
    }
}
