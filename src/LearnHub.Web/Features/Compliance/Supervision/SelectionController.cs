using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Compliance.Assignments;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Supervision;

public enum SelectionAction
{
    Assign,
    Remind,
    Export,
    ExportByOrganization,
}

public sealed record SelectionViewModel(SelectionAction Action, SelectionForm Form, Selection Selection, IReadOnlyList<AssignmentChoice> Courses,
    IReadOnlyList<AssignmentChoice> Curricula, DateOnly Today);

/// <summary>
/// Acting on people chosen on the shortfall list or the plan overview: assign them a course or curriculum with a due
/// date, remind them (in-app and on their own channels), or export them with their contact details, as one sheet or
/// one file per organization. Everything happens inside the user's scope (<see cref="SelectedPeople"/>); an
/// organization's contact person may remind and export, only supervisors and administrators assign.
/// </summary>
[Authorize(Roles = Roles.PeopleStaff)]
[Route("/supervision/selection")]
public sealed class SelectionController(SelectedPeople selected, SupervisorAssigning assigning, Notifier notifier, ProgrammeClock clock,
    CurrentScope scope, UserManager<AppUser> users, AuditTrail trail, IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>The list's buttons: assign and remind open a page that names the people and asks for the rest; exports answer at once.</summary>
    [HttpPost("")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Act(SelectionForm form, SelectionAction act, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!Enum.IsDefined(act) || (act == SelectionAction.Assign && !scope.MayAssign))
        {
            return BadRequest();
        }

        var selection = await selected.ResolveAsync(form, cancellationToken);
        if (selection.People.Count == 0)
        {
            this.Flash(FlashKind.Error, t["Selection.Empty"].Value);
            return Redirect(form.Back(selection.Year));
        }

        var year = selection.Year.ToString(CultureInfo.InvariantCulture);
        if (act is SelectionAction.Export or SelectionAction.ExportByOrganization)
        {
            await trail.RecordAsync(AuditAction.Exported, "POST /supervision/selection", $"{act} {year}: {selection.People.Count}", cancellationToken);
        }

        switch (act)
        {
            case SelectionAction.Export:
                return File(SelectionExport.Xlsx(selection, t), SpreadsheetExport.XlsxType, $"selection-{year}.xlsx");
            case SelectionAction.ExportByOrganization:
                return File(SelectionExport.ZipByOrganization(selection, t), "application/zip", $"selection-{year}-by-organization.zip");
            default:
                form.DueOn ??= clock.Today.AddDays(30);
                return await PageAsync(act, form, selection, cancellationToken);
        }
    }

    [Authorize(Roles = Roles.AdminOrSupervisor)]
    [HttpPost("assign")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Assign(SelectionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var selection = await selected.ResolveAsync(form, cancellationToken);
        var work = await assigning.WorkAsync(form.What, cancellationToken);
        if (work is null)
        {
            ModelState.AddModelError(nameof(form.What), t["Validation.Choose", t["Assign.What"]]);
        }

        if (form.DueOn is not { } due)
        {
            ModelState.AddModelError(nameof(form.DueOn), t["Validation.Required", t["Assign.DueOn"]]);
        }
        else if (!assigning.DueInRange(due))
        {
            ModelState.AddModelError(nameof(form.DueOn), t["Assign.DueOnRange"]);
        }

        if (selection.People.Count == 0)
        {
            this.Flash(FlashKind.Error, t["Selection.Empty"].Value);
            return Redirect(form.Back(selection.Year));
        }

        if (!ModelState.IsValid)
        {
            // Back to the same page with what was chosen, the people still selected.
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await PageAsync(SelectionAction.Assign, form, selection, cancellationToken);
        }

        var told = await assigning.AssignAsync(work!, form.DueOn!.Value, null, selection.People.Select(p => p.Standing.PersonId).ToList(),
            users.GetUserId(User) ?? "", cancellationToken);
        this.Flash(FlashKind.Notice, t["Selection.Assigned", work!.Title, selection.People.Count, told].Value);
        return Redirect(form.Back(selection.Year));
    }

    /// <summary>
    /// One reminder per person and day: pressing the button twice, or two supervisors reminding the same list, tells a
    /// person once.
    /// </summary>
    [HttpPost("remind")]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Remind(SelectionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var selection = await selected.ResolveAsync(form, cancellationToken);
        if (selection.People.Count == 0)
        {
            this.Flash(FlashKind.Error, t["Selection.Empty"].Value);
            return Redirect(form.Back(selection.Year));
        }

        var message = Reminder(selection.Year, clock.Today);
        var told = 0;
        foreach (var person in selection.People)
        {
            told += await notifier.NotifyPersonAsync(person.Standing.PersonId, message, cancellationToken) ? 1 : 0;
        }

        this.Flash(FlashKind.Notice, (told == selection.People.Count
            ? t["Selection.Reminded", told]
            : t["Selection.RemindedSome", told, selection.People.Count - told]).Value);
        return Redirect(form.Back(selection.Year));
    }

    public static NotificationMessage Reminder(int year, DateOnly today) =>
        new("Notice.Shortfall", [year.ToString(CultureInfo.InvariantCulture)], "/my/hours?year=" + year.ToString(CultureInfo.InvariantCulture),
            "reminder:" + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private async Task<IActionResult> PageAsync(SelectionAction act, SelectionForm form, Selection selection, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        var (courses, curricula) = act == SelectionAction.Assign ? await assigning.ChoicesAsync(cancellationToken) : ([], []);
        return View("Selection", new SelectionViewModel(act, form, selection, courses, curricula, clock.Today));
    }
}

/// <summary>The list a selection is made on, its year and its filter (none for the plan overview).</summary>
public sealed record SelectionScopeModel(SelectionList List, int Year, LearnHub.Courses.Compliance.Rules.ComplianceFilter? Filter);

/// <summary>The bar above a list with ticks: what the list is, its filter (so "all" means the same people), and who may assign.</summary>
public sealed record SelectionBarModel(SelectionList List, int Year, LearnHub.Courses.Compliance.Rules.ComplianceFilter? Filter, int Total, bool CanAssign);
