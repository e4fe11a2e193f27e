using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Compliance.Supervision;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes.Assessment;

/// <summary>
/// A class's assessment from the organizer's side: the reflection rule on the plan page (administrators), and the closing
/// summary (结业总结) with its chart and .xlsx export for the class's staff (<see cref="ClassStaffRequirement"/>); the export is audited.
/// </summary>
[Authorize]
[Route("/admin/classes/{id:int}")]
public sealed class ClassAssessmentAdminController(CoursesDbContext db, ClassReflections reflections, ClassSummaries summaries, SurveyQueries surveys,
    IAuthorizationService authorization, UserManager<AppUser> users, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpPost("reflection-plan")]
    [Authorize(Roles = Roles.Admin)]
    public async Task<IActionResult> Plan(int id, ReflectionPlanForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var plan = new ReflectionPlan(form.Required, form.MinLength, form.DueOn, form.Grading == "score" ? form.PassMark ?? -1 : null);
        var problem = ModelState.IsValid ? await reflections.PlanAsync(id, plan, users.GetUserId(User) ?? "", cancellationToken) : ReflectionProblem.InvalidPlan;
        if (problem == ReflectionProblem.NotFound)
        {
            return NotFound();
        }

        if (problem == ReflectionProblem.None)
        {
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }
        else
        {
            this.Flash(FlashKind.Problem, t["ClassAssess.Problem.InvalidPlan", ClassReflections.MaxMinLength].Value);
        }

        return Redirect(string.Create(CultureInfo.InvariantCulture, $"/admin/classes/{id}#reflection-plan"));
    }

    [HttpGet("summary")]
    public async Task<IActionResult> Summary(int id, CancellationToken cancellationToken)
    {
        var (page, refusal) = await PageAsync(id, cancellationToken);
        if (page is null)
        {
            return refusal!;
        }

        ViewData["Section"] = User.IsInRole(Roles.Admin) ? "admin" : "learning";
        ViewData["AdminSection"] = "classes";
        return View("Summary", page);
    }

    [HttpGet("summary.xlsx")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> Export(int id, CancellationToken cancellationToken)
    {
        var (page, refusal) = await PageAsync(id, cancellationToken);
        if (page is null)
        {
            return refusal!;
        }

        var s = page.Summary;
        string Percent(decimal share) => share.ToString("P1", CultureInfo.InvariantCulture);
        string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
        var overview = new List<string[]>
        {
            new[] { t["ClassAssess.Summary.Applied"].Value, Count(s.Enrolment.Applied) },
            new[] { t["ClassAssess.Summary.Nominated"].Value, Count(s.Enrolment.Nominated) },
            new[] { t["Class.Status.Admitted"].Value, Count(s.Enrolment.Admitted) },
            new[] { t["Class.Status.Waitlisted"].Value, Count(s.Enrolment.Waitlisted) },
            new[] { t["Class.Status.Pending"].Value, Count(s.Enrolment.Pending) },
            new[] { t["Class.Status.Refused"].Value, Count(s.Enrolment.Refused) },
            new[] { t["Class.Status.Withdrawn"].Value, Count(s.Enrolment.Withdrawn) },
            new[] { t["ClassAssess.Summary.AttendanceRate"].Value, Percent(s.AttendanceRate) },
            new[] { t["ClassAssess.Summary.Completed"].Value, Count(s.Completed) },
            new[] { t["ClassAssess.Summary.CompletionRate"].Value, Percent(s.CompletionRate) },
        };
        if (s.Reflections.Required)
        {
            overview.Add([t["ClassAssess.Reflection.Passed"].Value, Count(s.Reflections.Passed)]);
            overview.Add([t["ClassAssess.Reflection.Failed"].Value, Count(s.Reflections.Failed)]);
            overview.Add([t["ClassAssess.Reflection.Submitted"].Value, Count(s.Reflections.Awaiting)]);
            overview.Add([t["ClassAssess.Reflection.Missing"].Value, Count(s.Reflections.Missing)]);
            overview.Add([t["ClassAssess.Summary.Flagged"].Value, Count(s.Reflections.Flagged)]);
        }

        if (page.Satisfaction.Responses > 0)
        {
            overview.Add([t["ClassAssess.Summary.Satisfaction"].Value, Percent((decimal)page.Satisfaction.SatisfactionRate)]);
            overview.Add([t["ClassAssess.Summary.Overall"].Value, page.Satisfaction.Overall.ToString("0.00", CultureInfo.InvariantCulture)]);
        }

        var sessions = s.Sessions.Select(x => new[]
        {
            Count(x.Number), x.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), x.Topic, Count(x.Expected), Count(x.Present), Count(x.Late),
            Count(x.LeftEarly), Count(x.Absent), Count(x.Excused), x.Closed ? Percent(x.Rate) : "",
        });
        var trainees = s.Standings.Select(x => new[]
        {
            page.People[x.PersonId].Name, page.People[x.PersonId].Organization, x.Attendance.LeaveHours.ToString("0.##", CultureInfo.InvariantCulture),
            t["ClassAssess.Check." + x.AttendanceCheck].Value, t["ClassAssess.Check." + x.Quiz].Value,
            x.Reflection?.Score?.ToString(CultureInfo.InvariantCulture) ?? "", t["ClassAssess.Check." + x.ReflectionCheck].Value,
            x.Completes ? t["ClassAssess.Completed"].Value : "",
        });
        var bytes = SpreadsheetExport.Xlsx(
        [
            new(t["ClassAssess.Summary.Sheet"], [t["ClassAssess.Summary.Item"], t["ClassAssess.Summary.Value"]], overview),
            new(t["ClassAssess.Summary.SessionsSheet"], [t["Admin.Hall.Number"], t["Admin.Hall.Date"], t["Admin.Hall.Topic"], t["ClassAssess.Summary.Expected"],
                t["ClassAssess.Attendance.Present"], t["ClassAssess.Attendance.Late"], t["ClassAssess.Attendance.LeftEarly"], t["ClassAssess.Attendance.Absent"],
                t["ClassAssess.Attendance.Excused"], t["ClassAssess.Summary.AttendanceRate"]], sessions),
            new(t["ClassAssess.Summary.TraineesSheet"], [t["Class.Roster.Name"], t["Class.Roster.Organization"], t["ClassAssess.Summary.LeaveHours"],
                t["ClassAssess.Check.Attendance"], t["ClassAssess.Check.Quiz"], t["ClassAssess.Summary.Score"], t["ClassAssess.Check.Reflection"],
                t["ClassAssess.Completed"]], trainees),
        ]);
        return File(bytes, SpreadsheetExport.XlsxType, string.Create(CultureInfo.InvariantCulture, $"class-{id}-summary.xlsx"));
    }

    /// <summary>The summary when the caller is the class's staff; otherwise why not (not found, or forbidden).</summary>
    private async Task<(SummaryPage? Page, IActionResult? Refusal)> PageAsync(int id, CancellationToken cancellationToken)
    {
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (trainingClass is null)
        {
            return (null, NotFound());
        }

        if (!await authorization.IsClassStaffAsync(User, trainingClass))
        {
            return (null, Forbid());
        }

        var summary = (await summaries.OfAsync(id, cancellationToken))!;
        var satisfaction = await surveys.OfSessionsAsync(summary.Sessions.Select(s => s.SessionId).ToList(), cancellationToken);
        var ids = summary.Standings.Select(s => s.PersonId).ToList();
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name, Organization = p.Organization!.Name })
            .ToDictionaryAsync(p => p.Id, p => (p.Name, p.Organization), cancellationToken);
        return (new SummaryPage(summary, satisfaction, people), null);
    }
}
