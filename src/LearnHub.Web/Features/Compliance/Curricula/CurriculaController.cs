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

public sealed record CurriculumRow(int Id, Tier Tier, string Title, decimal HourTarget, int Required, int Pools, decimal RequiredHours);

public sealed record CurriculaList(int Year, IReadOnlyList<int> Years, IReadOnlyList<CurriculumRow> Items, IReadOnlyList<Tier> MissingTiers, bool NextYearExists,
    ProgrammeYear? Opened = null);

public sealed record CourseChoice(int Id, string Title, decimal CreditHours);

public sealed record PoolView(int Id, string Title, decimal HourTarget, decimal OfferedHours, IReadOnlyList<CourseChoice> Courses);

/// <summary>A lecture-hall session as a curriculum lists it.</summary>
public sealed record SessionChoice(int Id, DateOnly Date, string Topic, string Series);

public sealed record CurriculumDetails(int Id, Tier Tier, int Year, string Title, string Description, decimal HourTarget,
    IReadOnlyList<CourseChoice> Required, IReadOnlyList<PoolView> Pools, IReadOnlyList<CourseChoice> Available,
    IReadOnlyList<SessionChoice> Sessions, IReadOnlyList<SessionChoice> AvailableSessions)
{
    public decimal PlannedHours => Required.Sum(c => c.CreditHours) + Pools.Sum(p => p.HourTarget);
}

public sealed class CurriculumForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Admin.Curriculum.Tier")]
    public Tier? Tier { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(2000, 2100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Curriculum.Year")]
    public int? Year { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Curriculum.Title")]
    public string Title { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Curriculum.Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(typeof(decimal), "0", "500", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Curriculum.HourTarget")]
    public decimal? HourTarget { get; set; }
}

public sealed class PoolForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Admin.Curriculum.PoolTitle")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Range(typeof(decimal), "0.25", "500", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true, ErrorMessage = "Validation.Range")]
    [Display(Name = "Admin.Curriculum.PoolHours")]
    public decimal? HourTarget { get; set; }
}

/// <summary>Curricula per tier and year: required courses, elective pools and hour targets. Administrators only.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/curricula")]
public sealed class CurriculaController(CoursesDbContext db, IStringLocalizer<SharedResource> t, ProgrammeClock clock, YearTurnover turnover) : Controller
{
    private static readonly Tier[] PlannedTiers = [Tier.Leaders, Tier.Secretaries, Tier.Members, Tier.Staff];

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
        var missing = PlannedTiers.Where(tier => rows.All(r => r.Tier != tier)).ToList();
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

        var curriculum = new Curriculum();
        Apply(curriculum, form);
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

        Apply(curriculum, form);
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

    /// <summary>Adds a course as required (poolId empty) or as an elective of a pool; a course sits in one place only.</summary>
    [HttpPost("{id:int}/courses")]
    public async Task<IActionResult> AddCourse(int id, int courseId, int? poolId, CancellationToken cancellationToken)
    {
        var curriculum = await db.Curricula.Include(c => c.Courses).Include(c => c.Pools).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        if (!await db.Courses.AnyAsync(c => c.Id == courseId, cancellationToken) ||
            (poolId is { } p && curriculum.Pools.All(x => x.Id != p)))
        {
            this.Flash(FlashKind.Error, t["Admin.Curriculum.UnknownCourse"].Value);
        }
        else if (curriculum.Courses.Any(c => c.CourseId == courseId))
        {
            this.Flash(FlashKind.Error, t["Admin.Curriculum.AlreadyIncluded"].Value);
        }
        else
        {
            curriculum.Courses.Add(new CurriculumCourse { CourseId = courseId, Required = poolId is null, ElectivePoolId = poolId });
            await db.SaveChangesAsync(cancellationToken);
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }

        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/courses/{courseId:int}/remove")]
    public async Task<IActionResult> RemoveCourse(int id, int courseId, CancellationToken cancellationToken)
    {
        var removed = await db.Set<CurriculumCourse>().Where(c => c.CurriculumId == id && c.CourseId == courseId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    /// <summary>Requires a lecture-hall session of the curriculum's year.</summary>
    [HttpPost("{id:int}/sessions")]
    public async Task<IActionResult> AddSession(int id, int sessionId, CancellationToken cancellationToken)
    {
        var curriculum = await db.Curricula.Include(c => c.Sessions).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        var from = new DateOnly(curriculum.Year, 1, 1);
        if (!await db.LectureHallSessions.AnyAsync(s => s.Id == sessionId && s.Date >= from && s.Date < from.AddYears(1), cancellationToken))
        {
            this.Flash(FlashKind.Error, t["Admin.Curriculum.UnknownSession"].Value);
        }
        else if (curriculum.Sessions.All(s => s.SessionId != sessionId))
        {
            curriculum.Sessions.Add(new CurriculumSession { SessionId = sessionId });
            await db.SaveChangesAsync(cancellationToken);
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }

        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/sessions/{sessionId:int}/remove")]
    public async Task<IActionResult> RemoveSession(int id, int sessionId, CancellationToken cancellationToken)
    {
        var removed = await db.Set<CurriculumSession>().Where(s => s.CurriculumId == id && s.SessionId == sessionId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/pools")]
    public async Task<IActionResult> AddPool(int id, PoolForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var curriculum = await db.Curricula.Include(c => c.Pools).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (curriculum is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            this.Flash(FlashKind.Error, AdminInput.Errors(ModelState));
            return Redirect($"/admin/curricula/{id}");
        }

        curriculum.Pools.Add(new ElectivePool { Title = form.Title.Trim(), HourTarget = form.HourTarget!.Value, Order = curriculum.Pools.Select(p => p.Order).DefaultIfEmpty().Max() + 1 });
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
    }

    [HttpPost("{id:int}/pools/{poolId:int}/remove")]
    public async Task<IActionResult> RemovePool(int id, int poolId, CancellationToken cancellationToken)
    {
        var pool = await db.Set<ElectivePool>().SingleOrDefaultAsync(p => p.Id == poolId && p.CurriculumId == id, cancellationToken);
        if (pool is null)
        {
            return NotFound();
        }

        db.Remove(pool);
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/curricula/{id}");
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
        // A curriculum is for exactly one tier; a combined flag would make "which plan applies" ambiguous.
        if (form.Tier is { } tier && !PlannedTiers.Contains(tier))
        {
            ModelState.AddModelError(nameof(form.Tier), t["Validation.Required", t["Admin.Curriculum.Tier"]]);
        }

        if (ModelState.IsValid && await db.Curricula.AnyAsync(c => c.Tier == form.Tier && c.Year == form.Year && c.Id != (id ?? 0), cancellationToken))
        {
            ModelState.AddModelError(nameof(form.Tier), t["Admin.Curriculum.Duplicate", t.Label(form.Tier!.Value), form.Year!.Value]);
        }

        return ModelState.IsValid;
    }

    private static void Apply(Curriculum curriculum, CurriculumForm form)
    {
        curriculum.Tier = form.Tier!.Value;
        curriculum.Year = form.Year!.Value;
        curriculum.Title = form.Title;
        curriculum.Description = form.Description?.Trim() ?? "";
        curriculum.HourTarget = form.HourTarget!.Value;
    }

    private ViewResult FormView(int? id, CurriculumForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        ViewData["Tiers"] = PlannedTiers;
        return View("Edit", form);
    }
}
