using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.LectureHall;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Admin;

/// <summary>Lecture-hall series and their sessions: administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/lecture-hall")]
public sealed class LectureHallController(CoursesDbContext db, SessionPlanner planner, Roster roster, HallNotices notices, ProgrammeClock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => await IndexView(new SeriesForm
    {
        FirstMonth = clock.Today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
    }, cancellationToken);

    [HttpPost("new")]
    public async Task<IActionResult> Create(SeriesForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            return await IndexView(form, cancellationToken);
        }

        var year = int.Parse(form.FirstMonth[..4], System.Globalization.CultureInfo.InvariantCulture);
        var month = int.Parse(form.FirstMonth[5..], System.Globalization.CultureInfo.InvariantCulture);
        var series = SessionScheduling.Plan(form.Title.Trim(), form.Summary?.Trim() ?? "", year, month, form.Count, form.Capacity);
        foreach (var s in series.Sessions)
        {
            s.Topic = t["Admin.Hall.DefaultTopic", s.Number];
        }

        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/lecture-hall/{series.Id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Series(int id, CancellationToken cancellationToken)
    {
        var series = await db.LectureHallSeries.AsNoTracking().Include(s => s.Sessions.OrderBy(x => x.Number)).ThenInclude(s => s.Lecturer)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return NotFound();
        }

        Sections();
        var owner = await db.TrainingClasses.AsNoTracking().Where(c => c.SeriesId == id).Select(c => new { c.Id, c.Title }).FirstOrDefaultAsync(cancellationToken);
        return View(new SeriesPage(series, owner is null ? null : (owner.Id, owner.Title)));
    }

    /// <summary>
    /// Marks a series as one multi-day class (credited as a whole under the 1/7 leave rule) or back.
    /// Refused once any session is closed: credits already given one way would not match the other.
    /// </summary>
    [HttpPost("{id:int}/class")]
    public async Task<IActionResult> SetClass(int id, bool isClass, CancellationToken cancellationToken)
    {
        var outcome = await planner.SetClassAsync(id, isClass, cancellationToken);
        if (outcome == PlanningOutcome.NotFound)
        {
            return NotFound();
        }

        this.Flash(outcome == PlanningOutcome.Done ? FlashKind.Notice : FlashKind.Problem,
            t[outcome == PlanningOutcome.Done ? "Admin.Saved" : "Admin.Hall.ClassLocked"].Value);
        return Redirect($"/admin/lecture-hall/{id}");
    }

    [HttpGet("{seriesId:int}/sessions/new")]
    public async Task<IActionResult> NewSession(int seriesId, CancellationToken cancellationToken)
    {
        var series = await db.LectureHallSeries.AsNoTracking().Include(s => s.Sessions).SingleOrDefaultAsync(s => s.Id == seriesId, cancellationToken);
        return series is null ? NotFound() : await EditView(seriesId, null, new SessionForm
        {
            Number = series.Sessions.Select(s => s.Number).DefaultIfEmpty().Max() + 1,
            StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(17, 0),
        }, cancellationToken);
    }

    [HttpPost("{seriesId:int}/sessions/new")]
    public Task<IActionResult> NewSession(int seriesId, SessionForm form, CancellationToken cancellationToken) => SaveAsync(seriesId, null, form, cancellationToken);

    [HttpGet("sessions/{id:int}/edit")]
    public async Task<IActionResult> EditSession(int id, CancellationToken cancellationToken)
    {
        var s = await db.LectureHallSessions.AsNoTracking().Include(x => x.TargetOrganizations).ThenInclude(o => o.Organization)
            .SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return s is null ? NotFound() : await EditView(s.SeriesId, id, new SessionForm
        {
            Number = s.Number, Date = s.Date, StartTime = s.StartTime, EndTime = s.EndTime, Topic = s.Topic, Description = s.Description,
            LecturerId = s.LecturerId, Venue = s.Venue, HasLiveRoom = s.HasLiveRoom, Capacity = s.Capacity,
            Tiers = TierRules.Split(s.Tiers).ToList(),
            Fields = Enum.GetValues<OrganizationField>().Where(f => f != OrganizationField.None && s.Fields.HasFlag(f)).ToList(),
            Organizations = string.Join("\n", s.TargetOrganizations.Select(o => o.Organization!.CreditCode)),
        }, cancellationToken);
    }

    [HttpPost("sessions/{id:int}/edit")]
    public async Task<IActionResult> EditSession(int id, SessionForm form, CancellationToken cancellationToken)
    {
        var seriesId = await db.LectureHallSessions.Where(s => s.Id == id).Select(s => (int?)s.SeriesId).SingleOrDefaultAsync(cancellationToken);
        return seriesId is null ? NotFound() : await SaveAsync(seriesId.Value, id, form, cancellationToken);
    }

    [HttpGet("sessions/{id:int}/delete")]
    public async Task<IActionResult> DeleteSession(int id, CancellationToken cancellationToken)
    {
        var s = await db.LectureHallSessions.AsNoTracking().Include(x => x.Series).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (s is null)
        {
            return NotFound();
        }

        Sections();
        ViewData["Registrations"] = await db.SessionRegistrations.CountAsync(r => r.SessionId == id && r.Status != RegistrationStatus.Cancelled, cancellationToken);
        ViewData["Attendance"] = await db.AttendanceRecords.CountAsync(a => a.SessionId == id, cancellationToken);
        return View("Delete", s);
    }

    [HttpPost("sessions/{id:int}/delete")]
    public async Task<IActionResult> ConfirmDelete(int id, CancellationToken cancellationToken)
    {
        var seriesId = await db.LectureHallSessions.Where(x => x.Id == id).Select(x => (int?)x.SeriesId).SingleOrDefaultAsync(cancellationToken);
        var outcome = seriesId is null ? PlanningOutcome.NotFound : await planner.RemoveAsync(id, cancellationToken);
        if (outcome == PlanningOutcome.NotFound)
        {
            return NotFound();
        }

        this.Flash(outcome == PlanningOutcome.Done ? FlashKind.Notice : FlashKind.Problem,
            t[outcome == PlanningOutcome.Done ? "Admin.Hall.Deleted" : "Admin.Hall.CannotDelete"].Value);
        return Redirect($"/admin/lecture-hall/{seriesId}");
    }

    private async Task<IActionResult> SaveAsync(int seriesId, int? id, SessionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Topic = form.Topic?.Trim() ?? "";
        var draft = new SessionDraft(form.Number, form.Date, form.StartTime, form.EndTime, form.Topic, form.Description, form.LecturerId,
            form.Venue, form.HasLiveRoom, form.Capacity, form.Tiers, form.Fields, form.Organizations);
        // A form that fails its own checks is not saved, but the planner's findings are shown beside them.
        var result = ModelState.IsValid
            ? await planner.SaveAsync(seriesId, id, draft, cancellationToken)
            : new SessionSaveResult(null, await planner.CheckAsync(seriesId, id, draft, withSchedule: false, cancellationToken), RosterChange.None);
        foreach (var error in result.Errors.Where(e => e.Problem != SessionProblem.Required))
        {
            ModelState.AddModelError(SessionMessages.FieldName(error.Field), SessionMessages.Message(t, error));
        }

        if (!ModelState.IsValid || result.Session is not { } session)
        {
            return await EditView(seriesId, id, form, cancellationToken);
        }

        if (!result.Change.IsEmpty && await roster.LoadAsync(session.Id, cancellationToken) is { } loaded)
        {
            await notices.TellAsync(loaded, result.Change, cancellationToken);
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/lecture-hall/{seriesId}");
    }

    private async Task<IActionResult> IndexView(SeriesForm form, CancellationToken cancellationToken)
    {
        Sections();
        var rows = await db.LectureHallSeries.AsNoTracking().OrderByDescending(s => s.Year).ThenBy(s => s.Title)
            .Select(s => new SeriesRow(s.Id, s.Title, s.Year, s.Sessions.Count)).ToListAsync(cancellationToken);
        return View("Index", new SeriesList(rows, form));
    }

    private async Task<IActionResult> EditView(int seriesId, int? id, SessionForm form, CancellationToken cancellationToken)
    {
        Sections();
        var title = await db.LectureHallSeries.Where(s => s.Id == seriesId).Select(s => s.Title).SingleAsync(cancellationToken);
        var lecturers = await db.Lecturers.AsNoTracking().OrderBy(l => l.Name).Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        return View("EditSession", new SessionEditPage(seriesId, title, id, form, lecturers.Select(l => (l.Id, l.Name)).ToList()));
    }

    private void Sections()
    {
        ViewData["Section"] = "admin";
        ViewData["AdminSection"] = "lecture-hall";
    }
}
