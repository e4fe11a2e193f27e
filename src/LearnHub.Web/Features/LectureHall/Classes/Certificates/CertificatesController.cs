using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.LectureHall.Classes.Certificates;

/// <summary>The verification page's model: what was typed (kept for the form) and, once checked, the answer.</summary>
public sealed record VerifyPage(string? Typed, CertificateVerification? Result);

/// <summary>
/// Completion certificates: a trainee downloads their own (issued on first download once they completed the class),
/// anyone checks a serial at <c>/verify</c> without signing in, and administrators revoke one with a reason (audited,
/// the holder told).
/// </summary>
public sealed class CertificatesController(ClassCertificates certificates, CertificatePdf pdf, CertificateNotices notices, CoursesDbContext db,
    CurrentScope scope, UserManager<AppUser> users, AuditTrail trail, ProgrammeClock clock, IOptions<CertificateOptions> options,
    LearnHub.Web.Hosting.PublicAddress publicAddress, IStringLocalizer<SharedResource> t) : Controller
{
    private const string VerifyView = "~/Features/LectureHall/Classes/Certificates/Verify.cshtml";

    [Authorize]
    [HttpGet("/classes/{id:int}/certificate.pdf")]
    public async Task<IActionResult> Download(int id, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId)
        {
            return NotFound();
        }

        var result = await certificates.IssueAsync(id, personId, cancellationToken);
        if (result.Outcome == CertificateOutcome.NotFound)
        {
            return NotFound();
        }

        if (result.Certificate is not { } certificate)
        {
            // Refused with the reason on the class page, where the trainee sees what is still missing.
            this.Flash(FlashKind.Problem, t["Certificate.Outcome." + result.Outcome].Value);
            return Redirect(string.Create(CultureInfo.InvariantCulture, $"/classes/{id}"));
        }

        var trainingClass = await db.TrainingClasses.AsNoTracking().Include(c => c.OrganizingUnit).SingleAsync(c => c.Id == id, cancellationToken);
        var name = await db.People.Where(p => p.Id == personId).Select(p => p.Name).SingleAsync(cancellationToken);
        var organizer = trainingClass.OrganizingUnit?.Name
            ?? (options.Value.OrganizerName is { Length: > 0 } configured ? configured : t["Certificate.DefaultOrganizer"].Value);
        var sheet = new CertificateSheet(certificate.Serial, name, trainingClass.Title, trainingClass.StartsOn, trainingClass.EndsOn, certificate.Hours,
            certificate.CentralizedDays, organizer, clock.DateOf(certificate.IssuedAt), VerificationUrl(certificate.Serial));
        return File(pdf.Render(sheet), "application/pdf", $"certificate-{certificate.Serial}.pdf");
    }

    /// <summary>The form to type a serial; a typed serial goes to its own page, so the address can be shared.</summary>
    [AllowAnonymous]
    [HttpGet("/verify")]
    public IActionResult Verify(string? serial)
    {
        ViewData["Title"] = t["Certificate.Verify.Title"];
        return string.IsNullOrWhiteSpace(serial)
            ? View(VerifyView, new VerifyPage(null, null))
            : Redirect("/verify/" + Uri.EscapeDataString(serial.Trim()));
    }

    [AllowAnonymous]
    [EnableRateLimiting(CertificatesSetup.VerifyRateLimit)]
    [HttpGet("/verify/{serial}")]
    public async Task<IActionResult> Check(string serial, CancellationToken cancellationToken)
    {
        ViewData["Title"] = t["Certificate.Verify.Title"];
        var typed = serial.Length > 64 ? serial[..64] : serial;
        var result = await certificates.VerifyAsync(typed, cancellationToken);
        Response.Headers.CacheControl = "no-store";
        // Nobody else's pages should be told a serial in the address bar.
        Response.Headers["Referrer-Policy"] = "no-referrer";
        return View(VerifyView, new VerifyPage(typed, result));
    }

    [Authorize(Roles = Roles.Admin)]
    [HttpPost("/admin/certificates/{id:int}/revoke")]
    public async Task<IActionResult> Revoke(int id, string? reason, CancellationToken cancellationToken)
    {
        var (outcome, certificate) = await certificates.RevokeAsync(id, reason, users.GetUserId(User) ?? "admin", cancellationToken);
        if (certificate is null)
        {
            return NotFound();
        }

        if (outcome == RevocationOutcome.Revoked)
        {
            await trail.RecordAsync(AuditAction.CertificateRevoked, string.Create(CultureInfo.InvariantCulture, $"certificate:{id}"),
                $"{certificate.Serial} person:{certificate.PersonId} class:{certificate.ClassId}: {certificate.RevocationReason}", cancellationToken);
            await notices.RevokedAsync([certificate], cancellationToken);
            this.Flash(FlashKind.Notice, t["Certificate.RevokedDone", certificate.Serial].Value);
        }
        else
        {
            this.Flash(FlashKind.Problem, t["Certificate.Revocation." + outcome].Value);
        }

        return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{certificate.ClassId}#certificates"));
    }

    /// <summary>The verification page's address for a serial: the configured public address (LearnHub:PublicUrl, which fills LearnHub:Smtp:PublicUrl) or this request's.</summary>
    private string VerificationUrl(string serial) =>
        publicAddress.Base(Request) + "/verify/" + Uri.EscapeDataString(serial);
}
