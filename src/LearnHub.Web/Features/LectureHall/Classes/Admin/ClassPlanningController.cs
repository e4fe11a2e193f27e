using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Compliance.Supervision;
using LearnHub.Web.Features.LectureHall.Admin;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes.Admin;

/// <summary>
/// Planning training classes (培训班): the class, its timetable, the decisions on enrolments and the roster. Administrators
/// plan every class; a supervisor plans the classes their own unit organizes (<see cref="ClassPlannerRequirement"/>),
/// creates classes only with their unit as organizer and never sees another unit's.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin + "," + Roles.Supervisor)]
[Route("/admin/classes")]
public sealed class ClassPlanningController(CoursesDbContext db, ClassPlanner planner, ClassEnrolments enrolments, ClassNotices notices,
    ClassTimetables timetables, ClassOverlapPrompt overlaps, UserManager<AppUser> users, CurrentScope scope, IAuthorizationService authorization, ProgrammeClock clock,
    IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        await IndexView(new ClassForm { StartsOn = clock.Today.AddDays(14), EndsOn = clock.Today.AddDays(15), OrganizingUnitId = scope.UnitId }, cancellationToken);

    [HttpPost("new")]
    public async Task<IActionResult> Create(ClassForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var saved = await SaveAsync(null, form, cancellationToken);
        return saved is { } id ? Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}")) : await IndexView(form, cancellationToken);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Plan(int id, CancellationToken cancellationToken)
    {
        var (trainingClass, refusal) = await EnterAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return refusal!;
        }

        var headTeacher = trainingClass.HeadTeacherUserId is { } userId ? await users.FindByIdAsync(userId) : null;
        return await PlanView(trainingClass, FormOf(trainingClass, headTeacher?.PhoneNumber), null, null, cancellationToken);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, ClassForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (trainingClass, refusal) = await EnterAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return refusal!;
        }

        return await SaveAsync(id, form, cancellationToken) is null
            ? await PlanView(trainingClass, form, null, null, cancellationToken)
            : Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}"));
    }

    [HttpPost("{id:int}/sessions")]
    public async Task<IActionResult> AddSession(int id, [Bind(Prefix = "Session")] SessionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (trainingClass, refusal) = await EnterAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return refusal!;
        }

        if (ModelState.IsValid)
        {
            var result = await planner.SaveSessionAsync(id, null, new SessionDraft(form.Number, form.Date, form.StartTime, form.EndTime, form.Topic,
                form.Description, form.LecturerId, form.Venue, form.HasLiveRoom, trainingClass.Capacity, [], [], null), cancellationToken);
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Session." + SessionMessages.FieldName(error.Field), SessionMessages.Message(t, error));
            }

            if (result.Succeeded)
            {
                this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
                return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}#timetable"));
            }
        }

        return await PlanView(trainingClass, FormOf(trainingClass, null), form, null, cancellationToken);
    }

    [HttpPost("{id:int}/items")]
    public async Task<IActionResult> AddItem(int id, [Bind(Prefix = "Item")] ClassItemForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (trainingClass, refusal) = await EnterAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return refusal!;
        }

        if (form.Kind == ClassItemKind.ClosingQuiz && form.QuizId is { } quizId && !await db.Set<Quiz>().AnyAsync(q => q.Id == quizId, cancellationToken))
        {
            form.QuizId = null;
        }

        if (ModelState.IsValid)
        {
            var errors = await planner.AddItemAsync(id, new ClassItemDraft(form.Kind, form.CourseId, form.QuizId, form.OpensOn, form.ClosesOn), cancellationToken);
            foreach (var error in errors)
            {
                ModelState.AddModelError("Item." + error.Field, ClassMessage(error));
            }

            if (errors.Count == 0)
            {
                this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
                return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}#timetable"));
            }
        }

        return await PlanView(trainingClass, FormOf(trainingClass, null), null, form, cancellationToken);
    }

    [HttpPost("{id:int}/items/{itemId:int}/delete")]
    public async Task<IActionResult> RemoveItem(int id, int itemId, CancellationToken cancellationToken)
    {
        if ((await EnterAsync(id, cancellationToken)).Refusal is { } refusal)
        {
            return refusal;
        }

        if (await planner.RemoveItemAsync(id, itemId, cancellationToken) == PlanningOutcome.NotFound)
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}#timetable"));
    }

    [HttpPost("{id:int}/enrolments/{enrolmentId:int}/approve")]
    public async Task<IActionResult> Approve(int id, int enrolmentId, bool confirmOverlap, CancellationToken cancellationToken) =>
        await DecideAsync(id, enrolmentId, null, confirmOverlap, cancellationToken);

    [HttpPost("{id:int}/enrolments/{enrolmentId:int}/refuse")]
    public async Task<IActionResult> Refuse(int id, int enrolmentId, string? reason, CancellationToken cancellationToken) =>
        await DecideAsync(id, enrolmentId, reason ?? "", false, cancellationToken);

    /// <summary>The roster (花名册) as a spreadsheet: everyone who stands in the class, with their state.</summary>
    [HttpGet("{id:int}/roster.xlsx")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> Roster(int id, CancellationToken cancellationToken)
    {
        var (trainingClass, refusal) = await EnterAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return refusal!;
        }

        var rows = await EnrolmentRowsAsync(id, ClassReach.Everyone, cancellationToken);
        var mobiles = await db.People.Where(p => rows.Select(r => r.PersonId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Mobile, cancellationToken);
        string[] header = [t["Class.Roster.Name"], t["Class.Roster.Organization"], t["Class.Roster.Mobile"], t["Class.Roster.Route"], t["Class.Roster.Status"],
            t["Class.Roster.RequestedAt"], t["Class.Roster.Reason"]];
        var lines = rows.Select(r => new[]
        {
            r.Name, r.Organization, mobiles.GetValueOrDefault(r.PersonId, ""), t["Class.Route." + r.Route].Value, t["Class.Status." + r.Status].Value,
            clock.Local(r.RequestedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Reason,
        });
        var bytes = SpreadsheetExport.Xlsx(header, lines, t["Class.Roster.Sheet"]);
        return File(bytes, LearnHub.Courses.Import.ImportTemplate.XlsxContentType,
            string.Create(CultureInfo.InvariantCulture, $"class-{id}-roster.xlsx"));
    }

    /// <summary>Approves (no reason) or refuses an enrolment; an approval of someone in another class on the same days is confirmed first.</summary>
    private async Task<IActionResult> DecideAsync(int id, int enrolmentId, string? reason, bool confirmOverlap, CancellationToken cancellationToken)
    {
        var (trainingClass, refusal) = await EnterAsync(id, cancellationToken);
        if (trainingClass is null)
        {
            return refusal!;
        }

        var person = await db.ClassEnrolments.Where(e => e.Id == enrolmentId && e.ClassId == id).Select(e => (int?)e.PersonId).SingleOrDefaultAsync(cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        var back = string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}#enrolments");
        if (reason is null && !confirmOverlap && await overlaps.PageAsync(id, [person.Value],
            string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}/enrolments/{enrolmentId}/approve"), [], back, cancellationToken) is { } confirm)
        {
            Sections();
            return View(ClassOverlapPrompt.ViewPath, confirm);
        }

        var by = users.GetUserId(User) ?? "";
        var result = reason is null
            ? await enrolments.ApproveAsync(enrolmentId, by, cancellationToken)
            : await enrolments.RefuseAsync(enrolmentId, reason, by, cancellationToken);
        if (result.Succeeded)
        {
            await notices.TellAsync(trainingClass, result.Moves, reason?.Trim(), cancellationToken);
            // An approval that found the class full (perhaps taken by another approval a moment before) says so.
            var waiting = reason is null && result.Moves[0].Status == EnrolmentStatus.Waitlisted;
            this.Flash(FlashKind.Notice, waiting ? t["ClassOps.FullWaitlisted"].Value : t["Admin.Saved"].Value);
        }
        else
        {
            this.Flash(FlashKind.Problem, ClassOutcomes.Message(t, result.Outcome));
        }

        return Redirect(back);
    }

    /// <summary>Saves the class form; the head teacher is named by their account's mobile number. Null when there are errors.</summary>
    private async Task<int?> SaveAsync(int? id, ClassForm form, CancellationToken cancellationToken)
    {
        if (scope.UnitId is { } ownUnit)
        {
            // A supervisor's classes are organized by their own unit, whatever the form says: they cannot hand one to another unit.
            form.OrganizingUnitId = ownUnit;
        }

        string? headTeacherId = null;
        if (!string.IsNullOrWhiteSpace(form.HeadTeacherMobile))
        {
            var mobile = MobileNumber.TryNormalize(form.HeadTeacherMobile, out var normalized) ? normalized : "";
            headTeacherId = mobile.Length == 0 ? null : await users.Users.Where(u => u.PhoneNumber == mobile).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            if (headTeacherId is null)
            {
                ModelState.AddModelError(nameof(ClassForm.HeadTeacherMobile), t["Class.UnknownHeadTeacher"]);
            }
        }

        var draft = new ClassDraft(form.Title, form.Theme, form.Kind, form.StartsOn, form.EndsOn, form.Place, form.Capacity, form.OrganizationQuota,
            form.Tiers, form.Organizations, headTeacherId, form.OrganizingUnitId);
        if (!ModelState.IsValid)
        {
            return null;
        }

        var result = await planner.SaveAsync(id, draft, cancellationToken);
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field == ClassField.Organizations ? nameof(ClassForm.Organizations) : error.Field.ToString(), ClassMessage(error));
        }

        if (!result.Succeeded)
        {
            return null;
        }

        await notices.TellAsync(result.Class!, result.Moves, null, cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return result.Class!.Id;
    }

    private string ClassMessage(ClassError error) => error.Problem switch
    {
        ClassProblem.UnknownOrganization => t["Admin.Hall.UnknownOrganization", error.Value ?? ""],
        ClassProblem.Contended => t["Ops_ClassSaveContended"],
        _ => t["Class.Problem." + error.Problem],
    };

    private static ClassForm FormOf(TrainingClass c, string? headTeacherMobile) => new()
    {
        Title = c.Title, Theme = c.Theme, Kind = c.Kind, StartsOn = c.StartsOn, EndsOn = c.EndsOn, Place = c.Place, Capacity = c.Capacity,
        OrganizationQuota = c.OrganizationQuota, Tiers = TierRules.Split(c.Tiers).ToList(),
        Organizations = string.Join("\n", c.TargetOrganizations.Select(o => o.Organization!.CreditCode)),
        HeadTeacherMobile = headTeacherMobile, OrganizingUnitId = c.OrganizingUnitId,
    };

    /// <summary>The class when the caller plans it, or why not: not found for no such class, forbidden for another unit's.</summary>
    private async Task<(TrainingClass? Class, IActionResult? Refusal)> EnterAsync(int id, CancellationToken cancellationToken)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().Include(c => c.TargetOrganizations).ThenInclude(o => o.Organization)
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (trainingClass is null)
        {
            return (null, NotFound());
        }

        return await authorization.PlansClassAsync(User, trainingClass) ? (trainingClass, null) : (null, Forbid());
    }

    private Task<List<EnrolmentRow>> EnrolmentRowsAsync(int id, ClassReach reach, CancellationToken cancellationToken) =>
        timetables.EnrolmentsAsync(id, reach, cancellationToken);

    private async Task<IActionResult> IndexView(ClassForm form, CancellationToken cancellationToken)
    {
        Sections();
        var unit = scope.UnitId;
        var rows = await db.TrainingClasses.AsNoTracking().Where(c => unit == null || c.OrganizingUnitId == unit).OrderByDescending(c => c.StartsOn).ThenBy(c => c.Title)
            .Select(c => new ClassRow(c.Id, c.Title, c.Kind, c.StartsOn, c.EndsOn, c.Capacity,
                c.Enrolments.Count(e => e.Status == EnrolmentStatus.Admitted), c.Enrolments.Count(e => e.Status == EnrolmentStatus.Pending)))
            .ToListAsync(cancellationToken);
        return View("Index", new ClassListPage(rows, form, await UnitsAsync(cancellationToken)));
    }

    private async Task<IActionResult> PlanView(TrainingClass trainingClass, ClassForm form, SessionForm? session, ClassItemForm? item, CancellationToken cancellationToken)
    {
        Sections();
        var timetable = await timetables.EntriesAsync(trainingClass, cancellationToken);
        var nextNumber = timetable.Count(e => e.SessionId is not null) + 1;
        var lecturers = await db.Lecturers.AsNoTracking().OrderBy(l => l.Name).Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        var courses = await db.Courses.AsNoTracking().Where(c => c.Published).OrderBy(c => c.Title).Select(c => new { c.Id, c.Title }).ToListAsync(cancellationToken);
        var quizzes = await db.Set<Quiz>().AsNoTracking().OrderBy(q => q.Title).Select(q => new { q.Id, q.Title }).ToListAsync(cancellationToken);
        return View("Plan", new ClassPlanPage(trainingClass, form, await planner.TimetableAsync(trainingClass.Id, cancellationToken),
            await timetables.HoursPerDayAsync(trainingClass.StartsOn.Year, cancellationToken), timetable,
            session ?? new SessionForm { Number = nextNumber, Date = trainingClass.StartsOn, StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(12, 0), Venue = trainingClass.Place },
            item ?? new ClassItemForm { OpensOn = trainingClass.StartsOn, ClosesOn = trainingClass.EndsOn },
            lecturers.Select(l => (l.Id, l.Name)).ToList(), courses.Select(c => (c.Id, c.Title)).ToList(), quizzes.Select(q => (q.Id, q.Title)).ToList(),
            await UnitsAsync(cancellationToken), await EnrolmentRowsAsync(trainingClass.Id, ClassReach.Everyone, cancellationToken)));
    }

    /// <summary>The units a class may be organized by: every one for an administrator, their own for a supervisor.</summary>
    private async Task<IReadOnlyList<(int Id, string Name)>> UnitsAsync(CancellationToken cancellationToken)
    {
        var unit = scope.UnitId;
        return (await db.SupervisingUnits.AsNoTracking().Where(u => unit == null || u.Id == unit).OrderBy(u => u.Name).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken))
            .Select(u => (u.Id, u.Name)).ToList();
    }

    private void Sections()
    {
        ViewData["Section"] = "admin";
        ViewData["AdminSection"] = "classes";
    }
}
