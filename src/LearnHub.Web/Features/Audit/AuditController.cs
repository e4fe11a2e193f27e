using System.Globalization;
using System.Security.Claims;
using LearnHub.Courses.Calendar;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Features.Compliance.Supervision;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Audit;

public sealed record AuditPageModel(AuditFilter Filter, Paged<AuditEntry> Lines, AuditVerification? Verification, string Query);

/// <summary>
/// The audit log (审计日志) for the audit and security administrators: search, export, and a check of the hash chain.
/// Reading and exporting are themselves audited; what each reader sees is <see cref="AuditLogQueries.Readable"/>.
/// </summary>
[Authorize(Roles = Roles.AuditReaders)]
[Route("/audit")]
public sealed class AuditController(AuditLogQueries queries, AuditTrail trail, ProgrammeClock clock, IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>An export holds at most this many lines: narrow the dates for more.</summary>
    private const int ExportLimit = 50_000;

    [HttpGet("")]
    public async Task<IActionResult> Index(DateOnly? from, DateOnly? to, string? actor, AuditAction? action, string? target, int? page, bool verify,
        CancellationToken cancellationToken)
    {
        var filter = Filter(from, to, actor, action, target);
        var lines = await queries.PageAsync(queries.Filtered(Readable(), filter), Paging.Clamp(page), cancellationToken);
        var verification = verify ? await queries.VerifyAsync(cancellationToken) : null;
        await trail.RecordAsync(AuditAction.AuditViewed, "audit", Request.QueryString.Value ?? "", cancellationToken);
        ViewData["Section"] = "audit";
        return View(new AuditPageModel(filter, lines, verification, Query(filter)));
    }

    [HttpGet("export.{format:regex(^(csv|xlsx)$)}")]
    public async Task<IActionResult> Export(string format, DateOnly? from, DateOnly? to, string? actor, AuditAction? action, string? target,
        CancellationToken cancellationToken)
    {
        var filter = Filter(from, to, actor, action, target);
        var lines = await queries.Filtered(Readable(), filter).OrderBy(e => e.Sequence).Take(ExportLimit).ToListAsync(cancellationToken);
        string[] header = [t["Audit.Sequence"], t["Audit.At"], t["Audit.Actor"], t["Audit.Roles"], t["Audit.Client"], t["Audit.Action"],
            t["Audit.Target"], t["Audit.Detail"], t["Audit.Hash"]];
        var rows = lines.Select(e => new[]
        {
            e.Sequence.ToString(CultureInfo.InvariantCulture), clock.Local(new DateTimeOffset(e.AtUtc, TimeSpan.Zero)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            e.ActorName, e.ActorRoles, e.Client, t[$"Audit.Action.{e.Action}"].Value, e.Target, e.Detail, e.Hash,
        });
        await trail.RecordAsync(AuditAction.AuditExported, "audit", $"{format} {lines.Count} {Request.QueryString.Value}", cancellationToken);
        var name = $"audit-{clock.Today:yyyyMMdd}.{format}";
        return format == "xlsx"
            ? File(SpreadsheetExport.Xlsx(header, rows, t["Audit.Title"]), SpreadsheetExport.XlsxType, name)
            : File(SpreadsheetExport.Csv(header, rows), "text/csv; charset=utf-8", name);
    }

    private IQueryable<AuditEntry> Readable() =>
        queries.Readable(User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", User.IsInRole(Roles.Auditor), User.IsInRole(Roles.Security));

    private static AuditFilter Filter(DateOnly? from, DateOnly? to, string? actor, AuditAction? action, string? target) =>
        new(from, to, AdminInput.Search(actor), AdminInput.Defined(action), AdminInput.Search(target));

    private static string Query(AuditFilter f)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("from", f.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", f.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("actor", f.Actor);
        Add("action", f.Action?.ToString());
        Add("target", f.Target);
        return string.Join("&", parts);
    }
}
