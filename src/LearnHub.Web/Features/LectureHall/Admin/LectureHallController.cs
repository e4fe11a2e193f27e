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

public sealed record SeriesRow(int Id, string Title, int Year, int Sessions);

public sealed class SeriesForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.SeriesTitle")]
    public string Title { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Summary")]
    public string? Summary { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [RegularExpression("^20[0-9]{2}-(0[1-9]|1[0-2])$", ErrorMessage = "Validation.Month")]
    [Display(Name = "Admin.Hall.FirstMonth")]
    public string FirstMonth { get; set; } = "";

    [Range(1, 24, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Count")]
    public int Count { get; set; } = 8;

    [Range(1, 100_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Capacity")]
    public int Capacity { get; set; } = 180;
}

public sealed record SeriesList(IReadOnlyList<SeriesRow> Items, SeriesForm Form);

public sealed class SessionForm
{
    [Range(1, 999, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Number")]
    public int Number { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Hall.Date")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Hall.Start")]
    public TimeOnly? StartTime { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Hall.End")]
    public TimeOnly? EndTime { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Topic")]
    public string Topic { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Description")]
    public string? Description { get; set; }

    [Display(Name = "Admin.Hall.Lecturer")]
    public int? LecturerId { get; set; }

    [StringLength(FieldLimits.Name, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Venue")]
    public string? Venue { get; set; }

    [Display(Name = "Admin.Hall.LiveRoom")]
    public bool HasLiveRoom { get; set; }

    [Range(1, 100_000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Hall.Capacity")]
    public int Capacity { get; set; } = 180;

    [Display(Name = "Admin.Hall.Tiers")]
    public List<Tier> Tiers { get; set; } = [];

    [Display(Name = "Admin.Hall.Fields")]
    public List<OrganizationField> Fields { get; set; } = [];

    /// <summary>Unified social credit codes, one per line or separated by commas.</summary>
    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Hall.Organizations")]
    public string? Organizations { get; set; }
}

public sealed record SessionEditPage(int SeriesId, string SeriesTitle, int? SessionId, SessionForm Form, IReadOnlyList<(int Id, string Name)> Lecturers);

public sealed record SeriesPage(LectureHallSeries Series);

/// <summary>Lecture-hall series and their sessions: administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/lecture-hall")]
public sealed class LectureHallController(CoursesDbContext db, SessionScheduling scheduling, Roster roster, HallNotices notices, ProgrammeClock clock, IStringLocalizer<SharedResource> t) : Controller
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
        return View(new SeriesPage(series));
    }

    /// <summary>
    /// Marks a series as one multi-day class (credited as a whole under the 1/7 leave rule) or back.
    /// Refused once any session is closed: credits already given one way would not match the other.
    /// </summary>
    [HttpPost("{id:int}/class")]
    public async Task<IActionResult> SetClass(int id, bool isClass, CancellationToken cancellationToken)
    {
        var series = await db.LectureHallSeries.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return NotFound();
        }

        if (await db.LectureHallSessions.AnyAsync(s => s.SeriesId == id && s.ClosedAt != null, cancellationToken))
        {
            this.Flash(FlashKind.Problem, t["Admin.Hall.ClassLocked"].Value);
        }
        else
        {
            series.IsClass = isClass;
            await db.SaveChangesAsync(cancellationToken);
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }

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
        var s = await db.LectureHallSessions.SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (s is null)
        {
            return NotFound();
        }

        // Attendance is evidence behind ledger credits: a session that has any cannot disappear.
        if (await db.AttendanceRecords.AnyAsync(a => a.SessionId == id, cancellationToken))
        {
            this.Flash(FlashKind.Notice, t["Admin.Hall.CannotDelete"].Value);
            return Redirect($"/admin/lecture-hall/{s.SeriesId}");
        }

        db.LectureHallSessions.Remove(s);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Hall.Deleted"].Value);
        return Redirect($"/admin/lecture-hall/{s.SeriesId}");
    }

    private async Task<IActionResult> SaveAsync(int seriesId, int? id, SessionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Topic = form.Topic?.Trim() ?? "";
        var codes = (form.Organizations ?? "").Split(['\n', '\r', ',', '，', ' ', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant()).Distinct().ToList();
        var organizations = await db.Organizations.Where(o => codes.Contains(o.CreditCode)).Select(o => new { o.Id, o.CreditCode }).ToListAsync(cancellationToken);
        if (codes.Except(organizations.Select(o => o.CreditCode)).FirstOrDefault() is { } unknown)
        {
            ModelState.AddModelError(nameof(form.Organizations), t["Admin.Hall.UnknownOrganization", unknown]);
        }

        if (await db.LectureHallSessions.AnyAsync(s => s.SeriesId == seriesId && s.Number == form.Number && s.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.Number), t["Admin.Hall.DuplicateNumber"]);
        }

        if (form.LecturerId is { } lecturerId && !await db.Lecturers.AnyAsync(l => l.Id == lecturerId, cancellationToken))
        {
            ModelState.AddModelError(nameof(form.LecturerId), t["Validation.Required"]);
        }

        if (ModelState.IsValid)
        {
            var check = await scheduling.CheckAsync(id, form.LecturerId, form.Date!.Value, form.StartTime!.Value, form.EndTime!.Value, cancellationToken);
            switch (check.Problem)
            {
                case SchedulingProblem.EndBeforeStart:
                    ModelState.AddModelError(nameof(form.EndTime), t["Admin.Hall.EndBeforeStart"]);
                    break;
                case SchedulingProblem.OutsideTerm:
                    ModelState.AddModelError(nameof(form.LecturerId), t["Admin.Hall.OutsideTerm"]);
                    break;
                case SchedulingProblem.Overlaps:
                    ModelState.AddModelError(nameof(form.LecturerId), t["Admin.Hall.Overlaps", check.Clash!.Series?.Title ?? "", check.Clash.Number, check.Clash.Topic,
                        check.Clash.StartTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), check.Clash.EndTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)]);
                    break;
            }
        }

        if (!ModelState.IsValid)
        {
            return await EditView(seriesId, id, form, cancellationToken);
        }

        var session = id is { } existing
            ? await db.LectureHallSessions.Include(s => s.TargetOrganizations).SingleAsync(s => s.Id == existing, cancellationToken)
            : db.LectureHallSessions.Add(new LectureHallSession { SeriesId = seriesId }).Entity;
        session.Number = form.Number;
        session.Date = form.Date!.Value;
        session.StartTime = form.StartTime!.Value;
        session.EndTime = form.EndTime!.Value;
        session.Topic = form.Topic;
        session.Description = form.Description?.Trim() ?? "";
        session.LecturerId = form.LecturerId;
        session.Venue = form.Venue?.Trim() ?? "";
        session.HasLiveRoom = form.HasLiveRoom;
        session.Capacity = form.Capacity;
        session.Tiers = form.Tiers.Where(x => Enum.IsDefined(x)).Aggregate(Tier.None, (a, x) => a | x);
        session.Fields = form.Fields.Where(x => Enum.IsDefined(x)).Aggregate(OrganizationField.None, (a, x) => a | x);
        session.TargetOrganizations.Clear();
        session.TargetOrganizations.AddRange(organizations.Select(o => new SessionTargetOrganization { OrganizationId = o.Id }));
        session.RosterVersion++;
        await db.SaveChangesAsync(cancellationToken);

        // A larger room or a changed audience may free seats for people on the waiting list.
        var promoted = await roster.FillSeatsAsync(session.Id, cancellationToken);
        if (promoted.Count > 0 && await roster.LoadAsync(session.Id, cancellationToken) is { } loaded)
        {
            await notices.PromotedAsync(loaded, promoted, cancellationToken);
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
