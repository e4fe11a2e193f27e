using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Classes.Running;

/// <summary>
/// Running a class day to day: the head teacher's page (today's sessions and check-ins, leave, the roster against the
/// 1/7 rule, notices, groups) for the head teacher, the organizing unit and administrators only (<see cref="ClassRunGate"/>),
/// and the trainee's leave request from their class page.
/// </summary>
[Authorize]
[Route("/classes")]
public sealed class ClassRunningController(CoursesDbContext db, ClassRunGate gate, ClassRunQueries queries, ClassLeave leave, ClassNoticeBoard board,
    ClassGroups groups, ClassRunNotices notices, CurrentScope scope, IAuthorizationService authorization, UserManager<AppUser> users, IStringLocalizer<SharedResource> t) : Controller
{
    private const string LeaveReasonKey = "ClassRun.LeaveReason";

    /// <summary>我带的班: the classes the user runs.</summary>
    [HttpGet("head-teacher")]
    public async Task<IActionResult> Mine(CancellationToken cancellationToken)
    {
        var rows = await gate.Mine().OrderBy(c => c.StartsOn).ThenBy(c => c.Title)
            .Select(c => new RunClassRow(c.Id, c.Title, c.StartsOn, c.EndsOn, c.Place,
                c.Enrolments.Count(e => e.Status == EnrolmentStatus.Admitted),
                db.LeaveRequests.Count(r => r.ClassId == c.Id && r.State == LeaveState.Pending)))
            .ToListAsync(cancellationToken);
        ViewData["Section"] = "head-teacher";
        return View("Mine", rows);
    }

    [HttpGet("{id:int}/run")]
    public async Task<IActionResult> Run(int id, CancellationToken cancellationToken)
    {
        var (trainingClass, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        return refusal ?? await RunView(trainingClass!, new NoticeForm(), cancellationToken);
    }

    [HttpPost("{id:int}/run/leave/{requestId:int}/approve")]
    public Task<IActionResult> Approve(int id, int requestId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, requestId, approve: true, comment, cancellationToken);

    [HttpPost("{id:int}/run/leave/{requestId:int}/refuse")]
    public Task<IActionResult> Refuse(int id, int requestId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(id, requestId, approve: false, comment, cancellationToken);

    [HttpPost("{id:int}/run/notices")]
    public async Task<IActionResult> PostNotice(int id, NoticeForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var (trainingClass, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!ModelState.IsValid)
        {
            return await RunView(trainingClass!, form, cancellationToken);
        }

        var user = await users.GetUserAsync(User);
        var result = await board.PostAsync(id, form.Title, form.Body, gate.UserId, user?.DisplayName is { Length: > 0 } name ? name : user?.UserName ?? "", cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(problem == NoticeProblem.TitleRequired ? nameof(NoticeForm.Title) : nameof(NoticeForm.Body), t["ClassRun.NoticeProblem." + problem]);
            }

            return await RunView(trainingClass!, form, cancellationToken);
        }

        var told = await notices.NoticePostedAsync(trainingClass!, result.Notice!, result.Recipients, cancellationToken);
        this.Flash(FlashKind.Notice, t["ClassRun.NoticePosted", told].Value);
        return Redirect(Path(id, "/run#notices"));
    }

    [HttpPost("{id:int}/run/groups")]
    public async Task<IActionResult> CreateGroup(int id, string? name, CancellationToken cancellationToken)
    {
        var (_, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        return refusal ?? GroupDone(id, await groups.CreateAsync(id, name, cancellationToken));
    }

    /// <summary>The split: a field "group-{personId}" per trainee, the group's id or empty for none.</summary>
    [HttpPost("{id:int}/run/groups/assign")]
    public async Task<IActionResult> AssignGroups(int id, CancellationToken cancellationToken)
    {
        var (_, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var split = new Dictionary<int, int?>();
        foreach (var (key, value) in Request.Form)
        {
            if (key.StartsWith("group-", StringComparison.Ordinal) && int.TryParse(key.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var personId))
            {
                split[personId] = int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var groupId) ? groupId : null;
            }
        }

        return GroupDone(id, await groups.AssignAsync(id, split, cancellationToken));
    }

    [HttpPost("{id:int}/run/groups/{groupId:int}/leader")]
    public async Task<IActionResult> SetLeader(int id, int groupId, int? personId, CancellationToken cancellationToken)
    {
        var (_, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        return refusal ?? GroupDone(id, await groups.SetLeaderAsync(id, groupId, personId, cancellationToken));
    }

    [HttpPost("{id:int}/run/groups/{groupId:int}/delete")]
    public async Task<IActionResult> DeleteGroup(int id, int groupId, CancellationToken cancellationToken)
    {
        var (_, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        return refusal ?? GroupDone(id, await groups.DeleteAsync(id, groupId, cancellationToken));
    }

    /// <summary>A trainee admitted to the class asks for leave from sessions to come, with a reason.</summary>
    [HttpPost("{id:int}/leave")]
    public async Task<IActionResult> AskLeave(int id, [FromForm] int[] sessionIds, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var trainingClass = await db.TrainingClasses.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (trainingClass is null)
        {
            return NotFound();
        }

        if (scope.PersonId is not { } personId)
        {
            return Forbid();
        }

        var result = await leave.AskAsync(id, personId, sessionIds, reason, gate.UserId, cancellationToken);
        if (result.Outcome == LeaveOutcome.NotAdmitted)
        {
            return Forbid();
        }

        if (result.Succeeded)
        {
            await notices.LeaveAskedAsync(trainingClass, result.Request!, cancellationToken);
            this.Flash(FlashKind.Notice, t["ClassRun.LeaveAsked"].Value);
        }
        else
        {
            TempData[LeaveReasonKey] = reason;
            this.Flash(FlashKind.Problem, t["ClassRun.LeaveOutcome." + result.Outcome].Value);
        }

        return Redirect(Path(id, "#leave"));
    }

    private async Task<IActionResult> DecideAsync(int id, int requestId, bool approve, string? comment, CancellationToken cancellationToken)
    {
        var (trainingClass, refusal) = await gate.EnterAsync(this, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!await db.LeaveRequests.AnyAsync(r => r.Id == requestId && r.ClassId == id, cancellationToken))
        {
            return NotFound();
        }

        var result = approve
            ? await leave.ApproveAsync(requestId, comment, gate.UserId, cancellationToken)
            : await leave.RefuseAsync(requestId, comment, gate.UserId, cancellationToken);
        if (result.Succeeded)
        {
            await notices.LeaveDecidedAsync(trainingClass!, result.Request!, cancellationToken);
            this.Flash(FlashKind.Notice, t[approve ? "ClassRun.LeaveApprovedDone" : "ClassRun.LeaveRefusedDone"].Value);
        }
        else
        {
            this.Flash(FlashKind.Problem, t["ClassRun.LeaveOutcome." + result.Outcome].Value);
        }

        return Redirect(Path(id, "/run#leave"));
    }

    private IActionResult GroupDone(int id, GroupOutcome outcome)
    {
        if (outcome == GroupOutcome.NotFound)
        {
            return NotFound();
        }

        if (outcome == GroupOutcome.Done)
        {
            this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        }
        else
        {
            this.Flash(FlashKind.Problem, t["ClassRun.GroupOutcome." + outcome].Value);
        }

        return Redirect(Path(id, "/run#groups"));
    }

    private async Task<IActionResult> RunView(TrainingClass trainingClass, NoticeForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "head-teacher";
        return View("Run", await queries.RunPageAsync(trainingClass, form, await authorization.PlansClassAsync(User, trainingClass), cancellationToken));
    }

    private static string Path(int id, string rest) => string.Create(CultureInfo.InvariantCulture, $"/classes/{id}{rest}");
}
