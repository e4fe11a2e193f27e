using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Account.PersonalData;

/// <summary>A person's copy of everything LearnHub holds about them: their own only, never another's; each download is audited.</summary>
[Authorize]
[Route("account")]
public sealed class PersonalDataController(UserManager<AppUser> users, PersonalDataExport export, PersonalDataPdf pdf) : Controller
{
    private static readonly JsonSerializerOptions Readable = new()
    {
        WriteIndented = true,
        // Chinese names and notes as they are, not \u escapes: the file is for the person to read too.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    [Audited(AuditAction.Exported)]
    [HttpGet("my-data.json")]
    public async Task<IActionResult> DownloadJson(CancellationToken cancellationToken)
    {
        var record = await CollectAsync(cancellationToken);
        if (record is null)
        {
            return Challenge();
        }

        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(record, Readable), "application/json", "learnhub-my-data.json");
    }

    [Audited(AuditAction.Exported)]
    [HttpGet("my-data.pdf")]
    public async Task<IActionResult> DownloadPdf(CancellationToken cancellationToken)
    {
        var record = await CollectAsync(cancellationToken);
        if (record is null)
        {
            return Challenge();
        }

        Response.Headers.CacheControl = "no-store";
        return File(pdf.Render(record), "application/pdf", "learnhub-my-data.pdf");
    }

    private async Task<PersonalDataRecord?> CollectAsync(CancellationToken cancellationToken) =>
        await users.GetUserAsync(User) is { } user ? await export.CollectAsync(user, cancellationToken) : null;
}
