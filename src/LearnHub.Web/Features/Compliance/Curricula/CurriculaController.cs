using LearnHub.Web.Features.Admin;
using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Curricula;

/// <summary>Curricula per tier and year: required courses, elective pools and hour targets. Administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/curricula")]
public sealed class CurriculaController(CoursesDbContext db, IStringLocalizer<SharedResource> t, ProgrammeClock clock, YearTurnover turnover) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? year, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var years = await db.Curricula.AsNoTracking().Select(c => c.Year).Distinct().OrderByDescending(y => y).ToListAsync(cancellationToken);
        var selected = year is >= 2000 and <= 2100 ? year.Value : years.FirstOrDefault(clock.Year);
        var rows = await db.Curricula.AsNoTracking().Where(c => c.Year == selected).OrderBy(c => c.Tier)
            .Select(c => new CurriculumRow(c.Id, c.Tier, c.Title, c.HourTarget,
                c.Courses.Count(x => x.Required), c.Pools.Count,
                c.Courses.Where(x => x.Required).Sum(x => x.Course!.CreditHours)))
            .ToListAsync(cancellationToken);
        var missing = Curriculum.PlannedTiers.Where(tier => rows.All(r => r.Tier != tier)).ToList();
        var nextYearExists = await db.Curricula.AnyAsync(c => c.Year == selected + 1, cancellationToken);
        // Said on the page too, not only in the administrators' notifications, which may have been read and forgotten.
        var opened = await turnover.FindAsync(selected, cancellationToken);
        return View(new CurriculaList(selected, years, rows, missing, nextYearExists, opened));
    }

    /// <summary>Starts next year from this year's curricula; tiers that already have a curriculum next year are left alone.</summary>
    [HttpPost("copy")]
    public async Task<IActionResult> Copy(int fromYear, CancellationToken cancellationToken)
    {
        if (fromYear is < 2000 or >= 2100)
        {
            return BadRequest();
        }

        var toYear = fromYear + 1;
        var copied = await turnover.CopyCurriculaAsync(fromYear, toYear, cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Curriculum.Copied", copied, toYear].Value);
        return Redirect($"/admin/curricula?year={toYear}");
    }

    [HttpGet("new")]
    public IActionResult Create(Tier? tier, int? year) =>
        FormView(null, new CurriculumForm { Tier = AdminInput.Defined(tier), Year = year ?? clock.Year });

    [HttpPost("new")]
    public async Task<IActionResult> Create(CurriculumForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await ValidateAsync(null, form, cancellationToken))
        {
            return FormView(null, form);
        }

        var curriculum = new Curriculum(form.Tier!.Value, form.Year!.Value, form.Title, form.HourTarget!.Value, form.Description);
        db.Curricula.Add(curriculum);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{curriculum.Id}");
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var c = await db.Curricula.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return c is null ? NotFound() : FormView(id, new CurriculumForm
        {
            Tier = c.Tier, Year = c.Year, Title = c.Title, Description = c.Description, HourTarget = c.HourTarget,
        });
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CurriculumForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var curriculum = await db.Curricula.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        if (!await ValidateAsync(id, form, cancellationToken))
        {
            return FormView(id, form);
        }

        curriculum.Describe(form.Tier!.Value, form.Year!.Value, form.Title, form.Description, form.HourTarget!.Value);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var details = await DetailsAsync(id, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        ViewData["Section"] = "admin";
        return View(details);
    }

    private async Task<CurriculumDetails?> DetailsAsync(int id, CancellationToken cancellationToken)
    {
        var c = await db.Curricula.AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                x.Id, x.Tier, x.Year, x.Title, x.Description, x.HourTarget,
                Courses = x.Courses.Select(cc => new { cc.ElectivePoolId, cc.Required, Course = new CourseChoice(cc.CourseId, cc.Course!.Title, cc.Course.CreditHours) }).ToList(),
                Pools = x.Pools.OrderBy(p => p.Order).Select(p => new { p.Id, p.Title, p.HourTarget }).ToList(),
                Sessions = x.Sessions.Select(s => s.SessionId).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (c is null)
        {
            return null;
        }

        var included = c.Courses.Select(x => x.Course.Id).ToHashSet();
        var available = (await db.Courses.AsNoTracking().OrderBy(x => x.Title)
            .Select(x => new CourseChoice(x.Id, x.Title, x.CreditHours)).ToListAsync(cancellationToken))
            .Where(x => !included.Contains(x.Id)).ToList();
        var pools = c.Pools.Select(p =>
        {
            var courses = c.Courses.Where(x => x.ElectivePoolId == p.Id).Select(x => x.Course).OrderBy(x => x.Title, StringComparer.Ordinal).ToList();
            return new PoolView(p.Id, p.Title, p.HourTarget, courses.Sum(x => x.CreditHours), courses);
        }).ToList();
        var from = new DateOnly(c.Year, 1, 1);
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => s.Date >= from && s.Date < from.AddYears(1))
            .OrderBy(s => s.Date).ThenBy(s => s.StartTime)
            .Select(s => new SessionChoice(s.Id, s.Date, s.Topic, s.Series!.Title)).ToListAsync(cancellationToken);
        return new CurriculumDetails(c.Id, c.Tier, c.Year, c.Title, c.Description, c.HourTarget,
            c.Courses.Where(x => x.Required).Select(x => x.Course).OrderBy(x => x.Title, StringComparer.Ordinal).ToList(), pools, available,
            sessions.Where(s => c.Sessions.Contains(s.Id)).ToList(), sessions.Where(s => !c.Sessions.Contains(s.Id)).ToList());
    }

    private async Task<bool> ValidateAsync(int? id, CurriculumForm form, CancellationToken cancellationToken)
    {
        form.Title = form.Title?.Trim() ?? "";
        if (form.Tier is { } tier && !Curriculum.IsPlannedTier(tier))
        {
            ModelState.AddModelError(nameof(form.Tier), t["Validation.Required", t["Admin.Curriculum.Tier"]]);
        }

        if (ModelState.IsValid && await db.Curricula.AnyAsync(c => c.Tier == form.Tier && c.Year == form.Year && c.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.Tier), t["Admin.Curriculum.Duplicate", t.Label(form.Tier!.Value), form.Year!.Value]);
        }

        return ModelState.IsValid;
    }

    private ViewResult FormView(int? id, CurriculumForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        ViewData["Tiers"] = Curriculum.PlannedTiers;
        return View("Edit", form);
    }
}
