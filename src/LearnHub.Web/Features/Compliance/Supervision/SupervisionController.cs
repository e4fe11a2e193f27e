using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Features.Registry.People;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Supervision;

public sealed record SupervisionViewModel(int Year, ComplianceFilter Filter, ComplianceReport Report, Paged<ShortfallPerson> Shortfalls,
    string? OrganizationLabel, string Query, bool CanAssign);

public sealed record SupervisionPersonViewModel(PersonHours Hours, bool CanWrite, AdjustmentForm Adjustment);

public sealed class AdjustmentForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Ledger.Date")]
    public DateOnly? Date { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [Range(-240, 240, ErrorMessage = "Validation.Range")]
    [Display(Name = "Ledger.Hours")]
    public decimal? Hours { get; set; }

    [Display(Name = "Ledger.Centralized")]
    public bool Centralized { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Ledger.Reason")]
    public string Reason { get; set; } = "";
}

/// <summary>
/// Compliance (培训达标情况) for supervisors, contact persons and administrators: rates per rule, tier and
/// organization, the people falling short and why, exports, and a person's ledger with corrections (administrators).
/// Each sees the people of their scope only.
/// </summary>
[Authorize(Roles = Roles.PeopleStaff)]
[Route("/supervision")]
public sealed class SupervisionController(CoursesDbContext db, ComplianceQueries compliance, TrainingLedger ledger, CurrentScope scope,
    UserManager<AppUser> users, SelectedPeople selectedPeople, AuditTrail trail, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? year, int? organization, Tier? tier, OrganizationField? field, OrganizationKind? kind,
        EvaluationGrade? grade, int? page, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "supervision";
        var selected = HoursYear.Clamp(year, compliance.Today);
        var filter = Filter(organization, tier, field, kind, grade);
        var report = await compliance.ReportAsync(db.People.VisibleTo(scope), filter, selected, cancellationToken);
        var number = Paging.Clamp(page);
        var (people, total) = ComplianceExport.ShortfallPage(report, t, (number - 1) * Paging.Size, Paging.Size);
        var paged = new Paged<ShortfallPerson>(people, number, total);
        // The organization filter is a search box: a unit, or the province, has too many organizations for a list.
        var label = await Registry.Organizations.OrganizationLabels.PickedAsync(db.Organizations.VisibleTo(scope), organization, cancellationToken);
        return View(new SupervisionViewModel(selected, filter, report, paged, label, Query(selected, filter), scope.MayAssign));
    }

    [HttpGet("export.xlsx")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> ExportXlsx(int? year, int? organization, Tier? tier, OrganizationField? field, OrganizationKind? kind,
        EvaluationGrade? grade, CancellationToken cancellationToken)
    {
        var (report, contacts) = await ExportAsync(year, Filter(organization, tier, field, kind, grade), cancellationToken);
        return File(ComplianceExport.Xlsx(report, contacts, t), SpreadsheetExport.XlsxType, $"compliance-{report.Year}.xlsx");
    }

    [HttpGet("export.csv")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> ExportCsv(int? year, int? organization, Tier? tier, OrganizationField? field, OrganizationKind? kind,
        EvaluationGrade? grade, CancellationToken cancellationToken)
    {
        var (report, contacts) = await ExportAsync(year, Filter(organization, tier, field, kind, grade), cancellationToken);
        return File(ComplianceExport.Csv(report, contacts, t), "text/csv; charset=utf-8", $"compliance-{report.Year}.csv");
    }

    /// <summary>The shortfall list as one .xlsx per organization in a .zip, for each organization its own people.</summary>
    [HttpGet("export.zip")]
    [Audited(AuditAction.Exported)]
    public async Task<IActionResult> ExportZip(int? year, int? organization, Tier? tier, OrganizationField? field, OrganizationKind? kind,
        EvaluationGrade? grade, CancellationToken cancellationToken)
    {
        var (report, contacts) = await ExportAsync(year, Filter(organization, tier, field, kind, grade), cancellationToken);
        return File(ComplianceExport.ZipByOrganization(report, contacts, t), "application/zip", $"compliance-{report.Year}-by-organization.zip");
    }

    private async Task<(ComplianceReport Report, IReadOnlyDictionary<int, (string Mobile, string? Email)> Contacts)> ExportAsync(int? year,
        ComplianceFilter filter, CancellationToken cancellationToken)
    {
        var report = await compliance.ReportAsync(db.People.VisibleTo(scope), filter, HoursYear.Clamp(year, compliance.Today), cancellationToken);
        return (report, await selectedPeople.ContactsAsync(report.Shortfalls.Select(p => p.PersonId).ToList(), cancellationToken));
    }

    [HttpGet("people/{id:int}")]
    [Audited(AuditAction.LedgerViewed)]
    public async Task<IActionResult> Person(int id, int? year, CancellationToken cancellationToken)
    {
        if (!await db.People.VisibleTo(scope).AnyAsync(p => p.Id == id, cancellationToken))
        {
            return NotFound();
        }

        return await PersonViewAsync(id, HoursYear.Clamp(year, compliance.Today), new AdjustmentForm { Date = compliance.Today }, cancellationToken);
    }

    [Authorize(Roles = Roles.Admin)]
    [HttpPost("people/{id:int}/adjust")]
    public async Task<IActionResult> Adjust(int id, int? year, AdjustmentForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var selected = HoursYear.Clamp(year, compliance.Today);
        if (!await db.People.AnyAsync(p => p.Id == id, cancellationToken))
        {
            return NotFound();
        }

        form.Reason = form.Reason?.Trim() ?? "";
        if (form.Hours is { } h && (h == 0 || h % TrainingLedger.Granularity != 0))
        {
            ModelState.AddModelError(nameof(form.Hours), t["Ledger.QuarterHours"]);
        }

        if (form.Date is { } d && (d > compliance.Today || d.Year < 2000))
        {
            ModelState.AddModelError(nameof(form.Date), t["Ledger.DateOutOfRange"]);
        }

        if (!ModelState.IsValid)
        {
            return await PersonViewAsync(id, selected, form, cancellationToken);
        }

        await ledger.CreditAsync(new LedgerCredit(id, form.Date!.Value, form.Hours!.Value, LedgerSource.ManualAdjustment, form.Centralized,
            "adjustment", null, form.Reason, users.GetUserId(User) ?? "admin"), cancellationToken);
        await trail.RecordAsync(AuditAction.LedgerAdjusted, $"person:{id}",
            string.Create(CultureInfo.InvariantCulture, $"{form.Date:yyyy-MM-dd} {form.Hours} h{(form.Centralized ? " centralized" : "")}: {form.Reason}"), cancellationToken);
        this.Flash(FlashKind.Notice, t["Ledger.Adjusted"].Value);
        return Redirect($"/supervision/people/{id}?year={form.Date.Value.Year}");
    }

    [Authorize(Roles = Roles.Admin)]
    [HttpPost("people/{id:int}/entries/{entryId:long}/reverse")]
    public async Task<IActionResult> Reverse(int id, long entryId, int? year, string? reason, CancellationToken cancellationToken)
    {
        var selected = HoursYear.Clamp(year, compliance.Today);
        if (!await db.LedgerEntries.AnyAsync(e => e.Id == entryId && e.PersonId == id, cancellationToken))
        {
            return NotFound();
        }

        reason = reason?.Trim() ?? "";
        if (reason.Length == 0 || reason.Length > FieldLimits.Title)
        {
            this.Flash(FlashKind.Notice, t["Ledger.ReasonRequired"].Value);
            return Redirect($"/supervision/people/{id}?year={selected}");
        }

        var outcome = await ledger.ReverseAsync(entryId, reason, users.GetUserId(User) ?? "admin", cancellationToken);
        await trail.RecordAsync(AuditAction.LedgerReversed, $"person:{id}", $"entry {entryId} ({outcome}): {reason}", cancellationToken);
        this.Flash(FlashKind.Notice, t[$"ReversalOutcome.{outcome}"].Value);
        return Redirect($"/supervision/people/{id}?year={selected}");
    }

    private async Task<IActionResult> PersonViewAsync(int id, int year, AdjustmentForm form, CancellationToken cancellationToken)
    {
        var hours = await compliance.PersonAsync(id, year, cancellationToken);
        if (hours is null)
        {
            return NotFound();
        }

        ViewData["Section"] = "supervision";
        return View("Person", new SupervisionPersonViewModel(hours, scope.IsAdmin, form));
    }

    /// <summary>The list's filter from its query, unknown values dropped.</summary>
    public static ComplianceFilter Filter(int? organization, Tier? tier, OrganizationField? field, OrganizationKind? kind, EvaluationGrade? grade) =>
        new(organization, tier is { } x && TierRules.All.Contains(x) ? x : null,
            field is { } f && f != OrganizationField.None && Enum.IsDefined(f) ? f : null,
            AdminInput.Defined(kind), AdminInput.Defined(grade));

    public static string Query(int year, ComplianceFilter f) => string.Join("&", new[]
    {
        "year=" + year.ToString(CultureInfo.InvariantCulture),
        f.OrganizationId is null ? null : "organization=" + f.OrganizationId.Value.ToString(CultureInfo.InvariantCulture),
        f.Tier is null ? null : "tier=" + f.Tier,
        f.Field is null ? null : "field=" + f.Field,
        f.Kind is null ? null : "kind=" + f.Kind,
        f.Grade is null ? null : "grade=" + f.Grade,
    }.Where(p => p is not null));
}
