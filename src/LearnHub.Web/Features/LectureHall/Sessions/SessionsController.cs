using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using QRCoder;

using LearnHub.Web.Features.LectureHall;

namespace LearnHub.Web.Features.LectureHall.Sessions;

public sealed record SessionPage(
    LectureHallSession Session,
    int SeatsLeft,
    RosterStanding Standing,
    int? WaitlistPosition,
    AttendanceRecord? Attendance,
    bool CheckInOpen,
    bool IsStaff,
    bool IsTrainee,
    bool Ended,
    bool HasReplay);

public sealed record RosterRow(int PersonId, string Name, string Organization, string Mobile, RosterStanding Standing, AttendanceRecord? Attendance);

public sealed record CorrectionRow(string Name, AttendanceState? From, AttendanceState To, string Reason, string By, DateTimeOffset At);

public sealed record RosterPage(LectureHallSession Session, IReadOnlyList<RosterRow> Rows, IReadOnlyList<CorrectionRow> Corrections, IReadOnlyList<SheetProblem> Problems);

public sealed record ScreenEntry(string Name, string Organization, string State, string Time);

public sealed record ScreenState(string Code, long Window, int SecondsLeft, int CheckedIn, int Expected, IReadOnlyList<ScreenEntry> Entries);

public sealed record MySessionRow(LectureHallSession Session, int Expected, int Attended);

/// <summary>
/// One lecture-hall session: its public page, registration, calendar file and check-in for
/// trainees; the check-in screen, roster, corrections and closing for its staff (an administrator
/// or the session's own lecturer).
/// </summary>
[Route("/lecture-hall")]
public sealed class SessionsController(
    CoursesDbContext db,
    Roster roster,
    AttendanceBook attendance,
    CheckInCodes codes,
    CheckInAttempts attempts,
    HallNotices notices,
    CurrentScope scope,
    ProgrammeClock clock,
    IAuthorizationService authorization,
    IStringLocalizer<SharedResource> t) : Controller
{
    [AllowAnonymous]
    [HttpGet("sessions/{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        var personId = User.IsInRole(Roles.Trainee) ? scope.PersonId : null;
        var standing = personId is { } p ? await roster.StandingAsync(session, p, cancellationToken) : RosterStanding.None;
        var record = personId is { } q
            ? await db.AttendanceRecords.AsNoTracking().SingleOrDefaultAsync(a => a.SessionId == id && a.PersonId == q, cancellationToken)
            : null;
        ViewData["Section"] = "lecture-hall";
        return View(new SessionPage(session, await roster.SeatsLeftAsync(session, cancellationToken), standing,
            personId is { } w ? await roster.WaitlistPositionAsync(id, w, cancellationToken) : null, record,
            attendance.IsCheckInOpen(session), await IsStaffAsync(session), personId is not null, clock.End(session) <= clock.UtcNow,
            await db.LiveBroadcasts.AnyAsync(b => b.SessionId == id && b.ReplayLessonId != null, cancellationToken)));
    }

    [Authorize(Roles = Roles.Trainee)]
    [HttpPost("sessions/{id:int}/register")]
    public async Task<IActionResult> Register(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || scope.PersonId is not { } personId)
        {
            return NotFound();
        }

        var result = await roster.RegisterAsync(id, personId, cancellationToken);
        await notices.TellAsync(session, RosterChange.Of(personId, result), cancellationToken);

        this.Flash(FlashKind.Notice, t["Register." + result.Outcome, result.WaitlistPosition ?? 0].Value);
        return Redirect($"/lecture-hall/sessions/{id}");
    }

    [Authorize(Roles = Roles.Trainee)]
    [HttpPost("sessions/{id:int}/cancel")]
    public async Task<IActionResult> Cancel(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || scope.PersonId is not { } personId)
        {
            return NotFound();
        }

        var promoted = await roster.CancelAsync(id, personId, cancellationToken);
        if (promoted is not null)
        {
            await notices.TellAsync(session, RosterChange.PromotedFrom(promoted), cancellationToken);
            this.Flash(FlashKind.Notice, t["Register.Cancelled"].Value);
        }

        return Redirect($"/lecture-hall/sessions/{id}");
    }

    [AllowAnonymous]
    [HttpGet("sessions/{id:int}/calendar.ics")]
    public async Task<IActionResult> Calendar(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        var url = $"{Request.Scheme}://{Request.Host}/lecture-hall/sessions/{id}";
        var text = SessionCalendar.Build(session, Request.Host.Host, url, clock.UtcNow, clock);
        return File(System.Text.Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"lecture-hall-{session.Date:yyyyMMdd}-{session.Number}.ics"));
    }

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
            this.Flash(FlashKind.Problem, t["CheckIn.TooManyAttempts", CheckInAttempts.MaxFailures, (int)Math.Ceiling(wait.TotalSeconds)].Value);
            return Redirect($"/lecture-hall/sessions/{id}");
        }

        var result = await attendance.CheckInAsync(id, personId, code?.Length <= 64 ? code : null, cancellationToken);
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

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpGet("sessions/{id:int}/checkin-screen")]
    public async Task<IActionResult> Screen(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
        }

        ViewData["Section"] = "lecture-hall";
        ViewData["Open"] = attendance.IsCheckInOpen(session);
        return View(session);
    }

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpGet("sessions/{id:int}/checkin-screen/state")]
    public async Task<IActionResult> ScreenState(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
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

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpGet("sessions/{id:int}/checkin-screen/qr.svg")]
    public async Task<IActionResult> ScreenQr(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
        }

        var link = $"{Request.Scheme}://{Request.Host}/lecture-hall/sessions/{id}/checkin?t={codes.Current(id).Token}";
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        Response.Headers.CacheControl = "no-store";
        return Content(svg, "image/svg+xml");
    }

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpGet("sessions/{id:int}/roster")]
    public async Task<IActionResult> RosterView(int id, CancellationToken cancellationToken) => await RosterResult(id, [], cancellationToken);

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpPost("sessions/{id:int}/attendance/{personId:int}")]
    public async Task<IActionResult> Correct(int id, int personId, AttendanceState state, string? reason, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
        }

        if (!Enum.IsDefined(state))
        {
            return BadRequest();
        }

        var outcome = await attendance.CorrectAsync(id, personId, state, reason?.Length > FieldLimits.Title ? reason[..FieldLimits.Title] : reason, UserId(), cancellationToken);
        this.Flash(outcome == CorrectionOutcome.Corrected ? FlashKind.Notice : FlashKind.Problem, t["Correction." + outcome].Value);
        return Redirect($"/lecture-hall/sessions/{id}/roster");
    }

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpPost("sessions/{id:int}/close")]
    public async Task<IActionResult> Close(int id, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
        }

        var credited = await attendance.CloseAsync(id, UserId(), cancellationToken);
        this.Flash(FlashKind.Notice, t["Attendance.ClosedNotice", credited].Value);
        return Redirect($"/lecture-hall/sessions/{id}/roster");
    }

    [Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
    [HttpPost("sessions/{id:int}/attendance/import")]
    [RequestSizeLimit(5 * 1024 * 1024)]
    public async Task<IActionResult> Import(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
        }

        if (file is null || file.Length == 0)
        {
            return await RosterResult(id, [new SheetProblem(0, "empty", "")], cancellationToken);
        }

        await using var stream = file.OpenReadStream();
        var result = await attendance.ImportSheetAsync(id, stream, Path.GetFileName(file.FileName), UserId(), cancellationToken);
        if (!result.Succeeded)
        {
            return await RosterResult(id, result.Problems, cancellationToken);
        }

        this.Flash(FlashKind.Notice, t["Attendance.Imported", result.Imported].Value);
        return Redirect($"/lecture-hall/sessions/{id}/roster");
    }

    [Authorize(Roles = Roles.Lecturer)]
    [HttpGet("my-sessions")]
    public async Task<IActionResult> MySessions(CancellationToken cancellationToken)
    {
        var lecturerId = scope.LecturerId ?? -1;
        var sessions = await db.LectureHallSessions.AsNoTracking().Include(s => s.Series).Include(s => s.TargetOrganizations)
            .Where(s => s.LecturerId == lecturerId).OrderBy(s => s.Date).ThenBy(s => s.StartTime).ToListAsync(cancellationToken);
        var rows = new List<MySessionRow>();
        foreach (var s in sessions)
        {
            rows.Add(new MySessionRow(s, await roster.Members(s).CountAsync(cancellationToken),
                await db.AttendanceRecords.CountAsync(a => a.SessionId == s.Id && (a.State == AttendanceState.Present || a.State == AttendanceState.Late), cancellationToken)));
        }

        ViewData["Section"] = "my-sessions";
        ViewData["Lecturer"] = await db.Lecturers.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lecturerId, cancellationToken);
        return View(rows);
    }

    private async Task<IActionResult> RosterResult(int id, IReadOnlyList<SheetProblem> problems, CancellationToken cancellationToken)
    {
        var session = await roster.LoadAsync(id, cancellationToken);
        if (session is null || !await IsStaffAsync(session))
        {
            return session is null ? NotFound() : Forbid();
        }

        var people = await roster.Members(session).AsNoTracking().OrderBy(p => p.Organization!.Name).ThenBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, Organization = p.Organization!.Name, p.Mobile }).ToListAsync(cancellationToken);
        var registered = await db.SessionRegistrations.AsNoTracking().Where(r => r.SessionId == id && r.Status == RegistrationStatus.Registered)
            .Select(r => r.PersonId).ToListAsync(cancellationToken);
        var records = await db.AttendanceRecords.AsNoTracking().Where(a => a.SessionId == id).ToDictionaryAsync(a => a.PersonId, cancellationToken);
        var rows = people.Select(p => new RosterRow(p.Id, p.Name, p.Organization, p.Mobile,
            registered.Contains(p.Id) ? RosterStanding.Registered : RosterStanding.Assigned, records.GetValueOrDefault(p.Id))).ToList();
        var recordIds = records.Values.ToDictionary(r => r.Id, r => r.PersonId);
        var names = people.ToDictionary(p => p.Id, p => p.Name);
        var corrections = await db.AttendanceCorrections.AsNoTracking().Where(c => recordIds.Keys.Contains(c.AttendanceRecordId))
            .OrderByDescending(c => c.Id).Take(100).ToListAsync(cancellationToken);
        var correctionRows = corrections.Select(c => new CorrectionRow(names.GetValueOrDefault(recordIds[c.AttendanceRecordId], ""), c.From, c.To, c.Reason,
            c.CorrectedBy == TrainingLedger.System ? t["Attendance.BySystem"].Value : c.CorrectedBy, c.CorrectedAt)).ToList();
        var byIds = correctionRows.Select(c => c.By).Distinct().ToList();
        ViewData["Section"] = "lecture-hall";
        ViewData["UserNames"] = await UserNamesAsync(byIds, cancellationToken);
        return View("Roster", new RosterPage(session, rows, correctionRows, problems));
    }

    private async Task<Dictionary<string, string>> UserNamesAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var users = HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        return await users.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private Task<bool> IsStaffAsync(LectureHallSession session) => authorization.IsSessionStaffAsync(User, session);

    private string UserId() => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? TrainingLedger.System;
}
