using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using LearnHub.Web.Localization;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// A session's attendance roster for its staff (an administrator or the session's own lecturer):
/// who is expected and how they attended, corrections with their audit trail, a paper sign-in
/// sheet's import, and closing the session, which credits the ledger.
/// </summary>
[Route("/lecture-hall")]
public sealed class AttendanceRosterController(
    CoursesDbContext db,
    Roster roster,
    AttendanceBook attendance,
    IAuthorizationService authorization,
    IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>A scanned sheet of one session is small; the request limit is the same.</summary>
    private const long MaxSheetBytes = 5 * 1024 * 1024;

    private readonly SessionStaffGate _staff = new(roster, authorization, db);

    // Any signed-in account reaches the gate: a class's head teacher may hold no staff role.
    [Authorize]
    [HttpGet("sessions/{id:int}/roster")]
    public async Task<IActionResult> RosterView(int id, CancellationToken cancellationToken) => await RosterResult(id, null, null, cancellationToken);

    [Authorize]
    [HttpPost("sessions/{id:int}/attendance/{personId:int}")]
    public async Task<IActionResult> Correct(int id, int personId, AttendanceState state, string? reason, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        if (!Enum.IsDefined(state))
        {
            return BadRequest();
        }

        var outcome = await attendance.CorrectAsync(id, personId, state, reason?.Length > FieldLimits.Title ? reason[..FieldLimits.Title] : reason, UserId(), cancellationToken);
        this.Flash(outcome == CorrectionOutcome.Corrected ? FlashKind.Notice : FlashKind.Problem, t["Correction." + outcome].Value);
        return Redirect($"/lecture-hall/sessions/{id}/roster");
    }

    [Authorize]
    [HttpPost("sessions/{id:int}/close")]
    public async Task<IActionResult> Close(int id, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        var credited = await attendance.CloseAsync(id, UserId(), cancellationToken);
        this.Flash(FlashKind.Notice, t["Attendance.ClosedNotice", credited].Value);
        return Redirect($"/lecture-hall/sessions/{id}/roster");
    }

    [Authorize]
    [HttpPost("sessions/{id:int}/attendance/import")]
    [Audited(AuditAction.Imported)]
    [RequestSizeLimit(MaxSheetBytes)]
    public async Task<IActionResult> Import(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
        }

        var upload = new ImportUpload(file, MaxSheetBytes);
        var result = await upload.ImportAsync((stream, name) => attendance.ImportSheetAsync(id, stream, name, UserId(), cancellationToken));
        if (result is not { Succeeded: true })
        {
            return await RosterResult(id, result, upload, cancellationToken);
        }

        this.Flash(FlashKind.Notice, t["Attendance.Imported", result.Imported].Value);
        return Redirect($"/lecture-hall/sessions/{id}/roster");
    }

    private async Task<IActionResult> RosterResult(int id, SheetImportResult? import, ImportUpload? upload, CancellationToken cancellationToken)
    {
        var (session, refusal) = await _staff.EnterAsync(this, id, cancellationToken);
        if (session is null)
        {
            return refusal!;
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
        return View("Roster", new RosterPage(session, rows, correctionRows, import, upload));
    }

    private async Task<Dictionary<string, string>> UserNamesAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var users = HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        return await users.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    private string UserId() => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? TrainingLedger.System;
}
