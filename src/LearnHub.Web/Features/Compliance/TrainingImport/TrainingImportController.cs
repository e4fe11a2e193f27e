using LearnHub.Courses.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features.Compliance.TrainingImport;

public sealed record TrainingImportViewModel(TrainingImportResult? Result, ImportUpload? Upload);

/// <summary>External training records import (外部培训记录导入): every row credited to the ledger, or none and every problem listed.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/training-import")]
public sealed class TrainingImportController(TrainingRecordImporter importer, UserManager<AppUser> users) : Controller
{
    // The demo roster's first secretary, so that the template imports as it is on a demo installation.
    private static readonly string[] ExampleRow = ["13800000001", "", "", "2026-03-18", "15", "是", "社会组织党务工作者能力提升班", "SXDX-2026-0001"];
    private static readonly string[] ExampleByName = ["", "向俊杰", "51510000MJ97228180", "2026-04-09", "7.5", "是", "社会组织负责人集中轮训班", ""];

    private static readonly ImportTemplate RecordsTemplate = new(TrainingRecordImporter.Layout, "培训记录", [ExampleRow, ExampleByName])
    {
        NotesHeading = "说明",
        Notes =
        [
            ("手机号", "填写手机号，或留空并填写姓名和统一社会信用代码"),
            ("培训日期", "yyyy-MM-dd、yyyy/M/d 或 yyyyMMdd，不晚于今天"),
            ("学时", "大于 0，以 0.25 学时为单位"),
            ("集中培训", "是 / 否"),
            ("证书编号", "可留空；同一人同一编号只记一次"),
        ],
    };

    [HttpGet("")]
    public IActionResult Index()
    {
        ViewData["Section"] = "admin";
        return View(new TrainingImportViewModel(null, null));
    }

    [HttpPost("")]
    [Audited(AuditAction.Imported)]
    [RequestSizeLimit(ImportLimits.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = ImportLimits.MaxRequestBytes)]
    public async Task<IActionResult> Index(IFormFile? file, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var upload = new ImportUpload(file, ImportLimits.MaxBytes);
        var result = await upload.ImportAsync((stream, name) => importer.ImportAsync(stream, name, users.GetUserId(User) ?? "admin", cancellationToken));
        return View(new TrainingImportViewModel(result, upload));
    }

    [HttpGet("template.{format}")]
    public IActionResult Template(string format) => this.TemplateFile(RecordsTemplate, format, "training-records-template");
}
