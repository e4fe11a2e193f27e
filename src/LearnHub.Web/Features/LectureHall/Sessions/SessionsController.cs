using LearnHub.Web.Hosting;
using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Sessions;

/// <summary>
/// One lecture-hall session for trainees: its public page, registration and cancelling, the calendar
/// file; and a lecturer's own sessions. Check-in is <see cref="CheckInController"/>, the staff's roster
/// <see cref="AttendanceRosterController"/>.
/// </summary>
[Route("/lecture-hall")]
public sealed class SessionsController(
    CoursesDbContext db,
    PublicAddress publicAddress,
    Roster roster,
    AttendanceBook attendance,
    HallNotices notices,
    LiveReplays replays,
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
            (await replays.StatesAsync([id], cancellationToken)).GetValueOrDefault(id)));
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

        var url = $"{publicAddress.Base(Request)}/lecture-hall/sessions/{id}";
        var text = SessionCalendar.Build(session, publicAddress.Host(Request), url, clock.UtcNow, clock);
        return File(System.Text.Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"lecture-hall-{session.Date:yyyyMMdd}-{session.Number}.ics"));
    }

    [Authorize(Roles = Roles.Lecturer)]
    [HttpGet("my-sessions")]
    public async Task<IActionResult> MySessions([FromServices] LecturerSessions sessions, CancellationToken cancellationToken)
    {
        var lecturerId = scope.LecturerId ?? -1;
        var rows = await sessions.ListAsync(lecturerId, cancellationToken);
        ViewData["Section"] = "my-sessions";
        ViewData["Lecturer"] = await db.Lecturers.AsNoTracking().SingleOrDefaultAsync(l => l.Id == lecturerId, cancellationToken);
        return View(rows);
    }

    private Task<bool> IsStaffAsync(LectureHallSession session) => authorization.IsSessionStaffAsync(User, session);
}
