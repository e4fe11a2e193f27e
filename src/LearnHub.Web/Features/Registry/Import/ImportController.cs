using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Registry.Import;

public sealed record ImportViewModel(RosterImportResult? Result, ImportUpload? Upload);

/// <summary>Roster import (名册导入): an upload that either imports every row or lists every problem.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/import")]
public sealed class ImportController(RosterImporter importer, LearnHub.Web.Identity.Accounts.PersonAccounts accounts) : Controller
{
    // An example row whose credit code passes the check (the demo roster's first organization).
    private static readonly string[] ExampleRow =
        ["省人工智能学会", "51510000MJ97228180", "社会团体", "科技", "4A", "省科学技术协会", "独立党组织", "张三", "男", "13900000000", "党组织书记", "2024-03-01"];

    [HttpGet("")]
    public IActionResult Index()
    {
        ViewData["Section"] = "admin";
        return View(new ImportViewModel(null, null));
    }

    [HttpPost("")]
    [Audited(AuditAction.Imported)]
    [RequestSizeLimit(ImportLimits.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = ImportLimits.MaxRequestBytes)]
    public async Task<IActionResult> Index(IFormFile? file, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var upload = new ImportUpload(file, ImportLimits.MaxBytes);
        var result = await upload.ImportAsync((stream, name) => importer.ImportAsync(stream, name, cancellationToken));
        if (result is { Succeeded: true })
        {
            // Everyone in the file can sign in once activated: new people get their accounts, changed names follow. An
            // import only adds people and positions, so nobody outside the file changes; the nightly pass covers the rest.
            await accounts.SyncAsync(result.PersonIds, cancellationToken);
        }

        return View(new ImportViewModel(result, upload));
    }

    [HttpGet("template.{format}")]
    public IActionResult Template(string format) => this.TemplateFile(RosterTemplate(), format, "roster-template");

    /// <summary>The example row, and every value a vocabulary column allows on the notes sheet.</summary>
    private static ImportTemplate RosterTemplate()
    {
        var columns = RosterImporter.Columns;
        IEnumerable<(string, string)> Allowed(int column, IEnumerable<string> values) =>
            values.Where(v => v.Length > 0).Select(v => (columns[column].Chinese, v));
        return new ImportTemplate(RosterImporter.Layout, "名册", [ExampleRow])
        {
            Notes =
            [
                .. Allowed(2, RosterVocabulary.Kinds.Keys),
                .. Allowed(3, RosterVocabulary.Fields.Keys),
                .. Allowed(4, RosterVocabulary.Grades.Keys),
                .. Allowed(6, RosterVocabulary.PartyForms.Keys),
                .. Allowed(8, RosterVocabulary.Genders.Keys),
                .. Allowed(10, RosterVocabulary.Positions.Keys),
                .. Allowed(11, ["yyyy-MM-dd", "yyyy/M/d", "yyyyMMdd"]),
            ],
        };
    }

    internal static bool ExampleIsValid() => CreditCode.Validate(ExampleRow[1]) is null;
}
