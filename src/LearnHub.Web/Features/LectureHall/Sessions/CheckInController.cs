using LearnHub.Web.Hosting;
using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// Checking in to a session: the trainee's confirmation page, check-in with the rotating code and
/// check-out; the venue screen with its code, QR and who has arrived, for the session's staff.
/// </summary>
[Route("/lecture-hall")]
public sealed class CheckInController(
    CoursesDbContext db,
    PublicAddress publicAddress,
    Roster roster,
    AttendanceBook attendance,
    CheckInCodes codes,
    CheckInAttempts attempts,
    CheckInMetrics metrics,
    CurrentScope scope,
    ProgrammeClock clock,
    IAuthorizationService authorization,
    IStringLocalizer<SharedResource> t) : Controller
{
    private readonly SessionStaffGate _staff = new(roster, authorization, db);

    /// <summary>Where the QR code leads: a confirmation page, so that opening a link never changes anything by itself.</summary>
    [Authorize(Roles = Roles.Trainee)]
    [HttpGet("sessions/{id:int}/checkin")]
    public async Task<IActionResult> CheckInLink(int id, string? t, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        ViewData["Section"] = "lecture-hall";
        ViewData["Code"] = t?.Length <= 64 ? t : "";
        return View("CheckIn", session);
    }

    [Authorize(Roles = Roles.Trainee)]
    [HttpPost("sessions/{id:int}/checkin")]
    public async Task<IActionResult> CheckIn(int id, [FromForm] string? code, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId || !await db.LectureHallSessions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return NotFound();
        }

        if (attempts.RetryAfter(id, personId) is { TotalSeconds: > 0 } wait)
        {
            metrics.Throttle();
            this.Flash(FlashKind.Problem, t["CheckIn.TooManyAttempts", CheckInAttempts.MaxFailures, (int)Math.Ceiling(wait.TotalSeconds)].Value);
            return Redirect($"/lecture-hall/sessions/{id}");
        }

        var result = await attendance.CheckInAsync(id, personId, code?.Length <= 64 ? code : null, cancellationToken);
        metrics.Attempted(result.Outcome);
        if (result.Outcome is CheckInOutcome.CodeInvalid or CheckInOutcome.CodeExpired or CheckInOutcome.CodeForAnotherSession)
        {
            attempts.RecordFailure(id, personId);
        }
        else if (result.Outcome == CheckInOutcome.CheckedIn)
        {
            attempts.Reset(id, personId);
        }

        this.Flash(result.Outcome == CheckInOutcome.CheckedIn ? FlashKind.Notice : FlashKind.Problem,
            t["CheckIn." + result.Outcome, result.State is { } s ? t.Label(s) : ""].Value);
        return Redirect($"/lecture-hall/sessions/{id}");
    }

    [Authorize(Roles = Roles.Trainee)]
    [HttpPost("sessions/{id:int}/checkout")]
    public async Task<IActionResult> CheckOut(int id, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId || !await db.LectureHallSessions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var record = await attendance.CheckOutAsync(id, personId, cancellationToken);
        this.Flash(record is null ? FlashKind.Problem : FlashKind.Notice,
            record is null ? t["CheckOut.NotPossible"].Value : t["CheckOut.Done", t.Label(record.State)].Value);
        return Redirect($"/lecture-hall/sessions/{id}");
    }

    // Any signed-in account reaches the gate: a class's head teacher may hold no staff role.
    [Authorize]
    [HttpGet("sessions/{id:int}/checkin-screen")]
    public async Task<IActionResult> Screen(int id, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        ViewData["Section"] = "lecture-hall";
        ViewData["Open"] = attendance.IsCheckInOpen(session);
        ViewData["TimeZone"] = clock.Zone.Id;
        return View(session);
    }

    [Authorize]
    [HttpGet("sessions/{id:int}/checkin-screen/state")]
    public async Task<IActionResult> ScreenState(int id, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        var now = clock.UtcNow;
        var code = codes.Current(id);
        var entries = await db.AttendanceRecords.AsNoTracking().Where(a => a.SessionId == id && a.CheckedInAt != null)
            .OrderByDescending(a => a.Id).Take(200)
            .Select(a => new { a.Person!.Name, Organization = a.Person.Organization!.Name, a.State, a.CheckedInAt }).ToListAsync(cancellationToken);
        var checkedIn = await db.AttendanceRecords.CountAsync(a => a.SessionId == id && a.CheckedInAt != null, cancellationToken);
        var expected = await roster.Members(session).CountAsync(cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Json(new ScreenState(code.Digits, CheckInCodes.Window(now), (int)Math.Ceiling((code.ValidUntil - now).TotalSeconds), checkedIn, expected,
            entries.Select(e => new ScreenEntry(e.Name, e.Organization, t.Label(e.State), clock.Local(e.CheckedInAt!.Value).ToString("HH:mm:ss", CultureInfo.InvariantCulture))).ToList()));
    }

    [Authorize]
    [HttpGet("sessions/{id:int}/checkin-screen/qr.svg")]
    public async Task<IActionResult> ScreenQr(int id, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        var link = $"{publicAddress.Base(Request)}/lecture-hall/sessions/{id}/checkin?t={codes.Current(id).Token}";
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        // A view box instead of a fixed size: the kiosk scales the code to the screen without blurring it.
        var svg = new SvgQRCode(data).GetGraphic(6, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
        Response.Headers.CacheControl = "no-store";
        return Content(svg, "image/svg+xml");
    }
}
