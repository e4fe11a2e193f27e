using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes;

/// <summary>What an enrolment outcome that did not go through says to the user.</summary>
internal static class ClassOutcomes
{
    public static string Message(IStringLocalizer<SharedResource> t, EnrolmentOutcome outcome) =>
        outcome == EnrolmentOutcome.Contended ? t["ClassOps.Contended"].Value : t["Class.Outcome." + outcome].Value;
}

/// <summary>
/// A class as the people in it see it: the trainee's class page (timetable, their enrolment, apply and withdraw), and
/// nominations (单位推荐) by a contact person or supervisor, who see and nominate only the people in their reach.
/// </summary>
[Authorize]
[Route("/classes")]
public sealed class ClassesController(CoursesDbContext db, ClassEnrolments enrolments, ClassPlanner planner, ClassNotices notices, ClassTimetables timetables,
    ClassOverlapPrompt overlaps, CurrentScope scope, UserManager<AppUser> users, ProgrammeClock clock, IStringLocalizer<SharedResource> t) : Controller
{
    private const int PeopleShown = 50;

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Class(int id, CancellationToken cancellationToken)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().Include(c => c.TargetOrganizations).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        ClassEnrolment? enrolment = null;
        int? position = null;
        var mayApply = false;
        var completed = false;
        if (scope.PersonId is { } personId && await db.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken) is { } person)
        {
            enrolment = await db.ClassEnrolments.AsNoTracking().SingleOrDefaultAsync(e => e.ClassId == id && e.PersonId == personId, cancellationToken);
            position = await enrolments.WaitingPositionAsync(id, personId, cancellationToken);
            mayApply = enrolment?.IsActive != true && trainingClass.EndsOn >= clock.Today && trainingClass.Targets(person);
            completed = enrolment is not null && await enrolments.HasCompletedAsync(trainingClass, personId, cancellationToken);
        }

        ViewData["Section"] = "learning";
        return View("Class", new TraineeClassPage(trainingClass, await planner.TimetableAsync(id, cancellationToken),
            await timetables.HoursPerDayAsync(trainingClass.StartsOn.Year, cancellationToken), await timetables.EntriesAsync(trainingClass, cancellationToken),
            enrolment, position, mayApply, scope.LooksAfterPeople, completed));
    }

    [HttpPost("{id:int}/apply")]
    public async Task<IActionResult> Apply(int id, bool confirmOverlap, CancellationToken cancellationToken)
    {
        if (scope.PersonId is not { } personId)
        {
            return Forbid();
        }

        if (!confirmOverlap && await overlaps.PageAsync(id, [personId], $"/classes/{id}/apply", [], $"/classes/{id}", cancellationToken) is { } confirm)
        {
            ViewData["Section"] = "learning";
            return View(ClassOverlapPrompt.ViewPath, confirm);
        }

        var result = await enrolments.ApplyAsync(id, personId, users.GetUserId(User) ?? "", cancellationToken);
        return await AfterAsync(id, result, $"/classes/{id}", cancellationToken);
    }

    [HttpPost("{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id, CancellationToken cancellationToken)
    {
        var enrolmentId = scope.PersonId is { } personId
            ? await db.ClassEnrolments.Where(e => e.ClassId == id && e.PersonId == personId).Select(e => (int?)e.Id).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (enrolmentId is null)
        {
            return NotFound();
        }

        var result = await enrolments.WithdrawAsync(enrolmentId.Value, users.GetUserId(User) ?? "", cancellationToken);
        return await AfterAsync(id, result, $"/classes/{id}", cancellationToken);
    }

    [HttpGet("{id:int}/nominate")]
    [Authorize(Roles = Roles.PeopleStaff)]
    public async Task<IActionResult> Nominate(int id, string? q, CancellationToken cancellationToken)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        var reach = Reach();
        var standing = db.ClassEnrolments.Where(e => e.ClassId == id
            && (e.Status == EnrolmentStatus.Pending || e.Status == EnrolmentStatus.Admitted || e.Status == EnrolmentStatus.Waitlisted)).Select(e => e.PersonId);
        var people = reach.People(db.People.AsNoTracking()).Where(p => !standing.Contains(p.Id) && p.Positions.Any(x => x.EndedOn == null));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            people = people.Where(p => p.Name.Contains(term) || p.Mobile.Contains(term) || p.Organization!.Name.Contains(term));
        }

        var candidates = await people.OrderBy(p => p.Organization!.Name).ThenBy(p => p.Name).Take(PeopleShown)
            .Select(p => new { p.Id, p.Name, Organization = p.Organization!.Name }).ToListAsync(cancellationToken);
        int? quotaLeft = trainingClass.OrganizationQuota is { } quota && scope.ContactOrganizationId is { } organization
            ? Math.Max(0, quota - await enrolments.UsedQuotaAsync(id, organization, cancellationToken))
            : null;
        ViewData["Section"] = "learning";
        return View("Nominate", new NominatePage(trainingClass, await timetables.EnrolmentsAsync(id, reach, cancellationToken),
            candidates.Select(c => (c.Id, c.Name, c.Organization)).ToList(), q, quotaLeft));
    }

    [HttpPost("{id:int}/nominate")]
    [Authorize(Roles = Roles.PeopleStaff)]
    public async Task<IActionResult> Nominate(int id, [FromForm] int[] personIds, bool confirmOverlap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        if (!await db.TrainingClasses.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        // Nobody nominates a person outside their reach, whatever the form says.
        var ids = personIds.Distinct().ToList();
        if (await Reach().People(db.People).CountAsync(p => ids.Contains(p.Id), cancellationToken) != ids.Count)
        {
            return Forbid();
        }

        var page = string.Create(CultureInfo.InvariantCulture, $"/classes/{id}/nominate");
        if (!confirmOverlap && await overlaps.PageAsync(id, ids, page, ids.Select(p => KeyValuePair.Create("personIds", p.ToString(CultureInfo.InvariantCulture))).ToList(),
            page, cancellationToken) is { } confirm)
        {
            ViewData["Section"] = "learning";
            return View(ClassOverlapPrompt.ViewPath, confirm);
        }

        var by = users.GetUserId(User) ?? "";
        var nominated = 0;
        var refusals = new List<string>();
        foreach (var personId in ids)
        {
            var result = await enrolments.NominateAsync(id, personId, by, cancellationToken);
            if (result.Succeeded)
            {
                nominated++;
                await TellAsync(id, result.Moves, cancellationToken);
            }
            else
            {
                var name = await db.People.Where(p => p.Id == personId).Select(p => p.Name).SingleAsync(cancellationToken);
                refusals.Add(t["Class.NominationRefused", name, t["Class.Outcome." + result.Outcome]]);
            }
        }

        if (nominated > 0)
        {
            this.Flash(FlashKind.Notice, t["Class.Nominated", nominated].Value);
        }

        if (refusals.Count > 0)
        {
            this.Flash(FlashKind.Problem, string.Join(" ", refusals));
        }

        return Redirect(string.Create(CultureInfo.InvariantCulture, $"/classes/{id}/nominate"));
    }

    /// <summary>Withdraws a nomination of someone in the user's reach.</summary>
    [HttpPost("{id:int}/nominations/{enrolmentId:int}/withdraw")]
    [Authorize(Roles = Roles.PeopleStaff)]
    public async Task<IActionResult> WithdrawNomination(int id, int enrolmentId, CancellationToken cancellationToken)
    {
        if (!await Reach().Enrolments(db.ClassEnrolments).AnyAsync(e => e.Id == enrolmentId && e.ClassId == id, cancellationToken))
        {
            return NotFound();
        }

        var result = await enrolments.WithdrawAsync(enrolmentId, users.GetUserId(User) ?? "", cancellationToken);
        return await AfterAsync(id, result, $"/classes/{id}/nominate", cancellationToken);
    }

    /// <summary>An administrator reaches everyone, a supervisor their unit, a contact person their organization; no one else anybody.</summary>
    private ClassReach Reach() =>
        scope.IsAdmin ? ClassReach.Everyone
        : User.IsInRole(Roles.Supervisor) ? new ClassReach(scope.UnitId, null)
        : scope.ContactOrganizationId is { } organization ? new ClassReach(null, organization)
        : new ClassReach(-1, -1);

    private async Task<IActionResult> AfterAsync(int id, EnrolmentResult result, string back, CancellationToken cancellationToken)
    {
        if (result.Outcome == EnrolmentOutcome.NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            await TellAsync(id, result.Moves, cancellationToken);
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }
        else
        {
            this.Flash(FlashKind.Problem, ClassOutcomes.Message(t, result.Outcome));
        }

        return Redirect(back);
    }

    private async Task TellAsync(int id, IReadOnlyList<EnrolmentMove> moves, CancellationToken cancellationToken)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken);
        await notices.TellAsync(trainingClass, moves, null, cancellationToken);
    }
}
