using LearnHub.Courses.Attention;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Web.Features.Learning.Watching;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// A trainee's own code for the live room's current attention check, as a picture or speech. Each
/// person present gets a code of their own, so one answer cannot be passed round the room, and the
/// hub never sends it: a program following the room's messages has nothing to echo back.
/// </summary>
[Authorize]
public sealed class LiveAttentionController(LiveLectures lectures, CurrentScope scope, CheckCodeSpeech speech) : Controller
{
    [HttpGet("/live/{sessionId:int}/attention/{number:int}/image")]
    public async Task<IActionResult> Image(int sessionId, int number, CancellationToken cancellationToken)
    {
        if (await CodeAsync(sessionId, number, cancellationToken) is not { } code)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(CheckCodePicture.Png(code), "image/png");
    }

    [HttpGet("/live/{sessionId:int}/attention/{number:int}/audio")]
    public async Task<IActionResult> Audio(int sessionId, int number, CancellationToken cancellationToken)
    {
        if (await CodeAsync(sessionId, number, cancellationToken) is not { } code)
        {
            return NotFound();
        }

        if (await speech.ForPageAsync(code, cancellationToken) is not { } wav)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        Response.Headers.CacheControl = "no-store";
        return File(wav, "audio/wav");
    }

    /// <summary>The caller's code while the check is theirs to answer: unanswered, not yet missed by wrong codes.</summary>
    private async Task<string?> CodeAsync(int sessionId, int number, CancellationToken cancellationToken) =>
        scope.PersonId is { } personId
        && await lectures.PendingAttentionCheckAsync(sessionId, personId, number, cancellationToken) is { } check
        && check.WrongAnswers < AttentionCode.DefaultMaxWrongAnswers && check.Code.Length > 0
            ? check.Code
            : null;
}
