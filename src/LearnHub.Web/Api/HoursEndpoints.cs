using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearnHub.Web.Api;

public sealed record RuleStatusDto(string Code, string Name, ComplianceStatus Status, DateOnly? Deadline, string Reason, string Missing);

public sealed record LedgerLineDto(long Id, DateOnly Date, decimal Hours, LedgerSource Source, bool Centralized, string Reference, string Note,
    bool Reversed, long? ReversesEntryId);

public sealed record MyHoursDto(int Year, string Name, string Organization, Tier Tiers, RulePreset Preset, decimal TotalHours, decimal CentralizedHours,
    int CentralizedTrainings, decimal Days, IReadOnlyDictionary<LedgerSource, decimal> HoursBySource, IReadOnlyList<RuleStatusDto> Rules,
    IReadOnlyList<LedgerLineDto> Lines);

/// <summary>A person's plan counts: the numbers of their "my learning" page and of the supervisor's plan pages and exports.</summary>
public sealed record PlanCountsDto(int Total, int Done, int Open, int Overdue, int Missed, int NotMet);

public sealed record PersonComplianceDto(int PersonId, string Name, int OrganizationId, string Organization, Tier Tiers, decimal TotalHours,
    decimal CentralizedHours, int CentralizedTrainings, bool Compliant, ComplianceStatus? Status, bool FallsShort, PlanCountsDto Plan,
    IReadOnlyList<RuleStatusDto> Rules);

public sealed record RuleTierRateDto(string Code, string Name, Tier Tier, int Bound, int Met);

public sealed record OrganizationRateDto(int OrganizationId, string Name, int Bound, int Compliant, int Due, int NotMet, int FallsShort);

public sealed record ComplianceReportDto(int Year, RulePreset Preset, int Bound, int Compliant, int FallsShort, IReadOnlyList<RuleTierRateDto> ByRuleAndTier,
    IReadOnlyList<OrganizationRateDto> ByOrganization, IReadOnlyList<PersonComplianceDto> People);

public sealed record ImportProblemDto(int Row, string Column, ImportProblemCode Code, string Message);

public sealed record LedgerImportDto(int Credited, int AlreadyRecorded, IReadOnlyList<ImportProblemDto> Problems);

/// <summary>Training hours and compliance for machines: the caller's own hours, a scoped compliance report, and the ledger import.</summary>
internal static class HoursEndpoints
{
    public static RouteGroupBuilder MapHoursEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me/hours", MyHoursAsync).WithName("GetMyHours")
            .WithSummary("The caller's training hours of a year (default: this year), each applicable rule's status and the ledger lines.");
        api.MapGet("/reports/compliance", ComplianceAsync).WithName("GetComplianceReport")
            .WithSummary("Compliance of a year per rule, tier, organization and person; supervisors see their own unit, contact persons their organization, administrators all.");
        api.MapPost("/ledger/import", ImportAsync).WithName("ImportLedgerRecords")
            .WithSummary("Administrators: external training records from an .xlsx or .csv file (multipart field 'file'); all rows or none.")
            // Bearer tokens only reach this group, so there is no cookie for a cross-site request to ride on.
            .DisableAntiforgery();
        return api;
    }

    private static async Task<Results<Ok<MyHoursDto>, NotFound>> MyHoursAsync(int? year, ComplianceQueries compliance, CurrentScope scope,
        IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        var selected = HoursYear.Clamp(year, compliance.Today);
        if (scope.PersonId is not { } personId || await compliance.PersonAsync(personId, selected, cancellationToken) is not { } hours)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new MyHoursDto(selected, hours.Person.Name, hours.Person.OrganizationName, hours.Person.Tiers, hours.RuleSet.Preset,
            hours.Totals.TotalHours, hours.Totals.CentralizedHours, hours.Totals.CentralizedTrainings,
            ComplianceEngine.Days(hours.Totals.CentralizedHours, hours.RuleSet.HoursPerDay),
            Enum.GetValues<LedgerSource>().ToDictionary(s => s, s => hours.Totals.HoursBySource.GetValueOrDefault(s)),
            Rules(hours.Outcomes, t),
            hours.Entries.Select(e => new LedgerLineDto(e.Id, e.Date, e.Hours, e.Source, e.Centralized, e.Reference, e.Note,
                hours.ReversedIds.Contains(e.Id), e.ReversesEntryId)).ToList()));
    }

    private static async Task<Results<Ok<ComplianceReportDto>, NotFound, ForbidHttpResult>> ComplianceAsync(int? year, int? organizationId,
        ComplianceQueries compliance, CoursesDbContext db, CurrentScope scope, IStringLocalizer<SharedResource> t,
        CancellationToken cancellationToken)
    {
        if (!scope.LooksAfterPeople)
        {
            return TypedResults.Forbid();
        }

        if (organizationId is { } id && !await db.Organizations.VisibleTo(scope).AnyAsync(o => o.Id == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var selected = HoursYear.Clamp(year, compliance.Today);
        var report = await compliance.ReportAsync(db.People.VisibleTo(scope), new ComplianceFilter(organizationId), selected, withPlans: true, cancellationToken);
        return TypedResults.Ok(new ComplianceReportDto(selected, report.RuleSet.Preset, report.Bound, report.Compliant, report.Shortfalls.Count,
            report.ByRuleAndTier.Select(r => new RuleTierRateDto(r.Rule.Code, t.RuleName(r.Rule), r.Tier, r.Bound, r.Met)).ToList(),
            report.ByOrganization.Select(o => new OrganizationRateDto(o.OrganizationId, o.Name, o.Bound, o.Compliant, o.Due, o.NotMet, o.FallsShort)).ToList(),
            report.People.Select(p => new PersonComplianceDto(p.PersonId, p.Name, p.OrganizationId, p.OrganizationName, p.Tiers,
                p.Totals.TotalHours, p.Totals.CentralizedHours, p.Totals.CentralizedTrainings, p.Compliant, p.Status, p.FallsShort,
                Counts(p.Plan!.Plan.Counts), Rules(p.Outcomes, t))).ToList()));
    }

    private static async Task<Results<Ok<LedgerImportDto>, BadRequest<LedgerImportDto>, ForbidHttpResult>> ImportAsync(IFormFile? file,
        HttpContext context, TrainingRecordImporter importer, IStringLocalizer<SharedResource> t, CancellationToken cancellationToken)
    {
        if (!context.User.IsInRole(Roles.Admin))
        {
            return TypedResults.Forbid();
        }

        if (file is null || file.Length == 0 || file.Length > Features.ImportLimits.MaxBytes)
        {
            var problem = new ImportProblemDto(0, "", ImportProblemCode.UnreadableFile, t[file is null || file.Length == 0 ? "Admin.Import.NoFile" : "Admin.Import.TooLarge", 10]);
            return TypedResults.BadRequest(new LedgerImportDto(0, 0, [problem]));
        }

        await using var stream = file.OpenReadStream();
        var caller = context.User.GetClaim(Claims.Subject) ?? "api";
        var result = await importer.ImportAsync(stream, Path.GetFileName(file.FileName), caller, cancellationToken);
        var dto = new LedgerImportDto(result.Credited, result.AlreadyRecorded,
            result.Problems.Select(p => new ImportProblemDto(p.Row, p.Column, p.Code, t[$"ImportProblemCode.{p.Code}", p.Value ?? ""])).ToList());
        return result.Succeeded ? TypedResults.Ok(dto) : TypedResults.BadRequest(dto);
    }

    private static PlanCountsDto Counts(PlanCounts c) => new(c.Total, c.Done, c.Open, c.Overdue, c.Missed, c.NotMet);

    private static List<RuleStatusDto> Rules(IEnumerable<RuleOutcome> outcomes, IStringLocalizer t) =>
        outcomes.Select(o => new RuleStatusDto(o.Rule.Code, t.RuleName(o.Rule), o.Status, o.Deadline, t.Reason(o), t.Missing(o))).ToList();
}
