using System.Text;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;

namespace LearnHub.Web.Features.Compliance.TrainingImport;

public sealed record TrainingImportViewModel(TrainingImportResult? Result, string? FileName, bool TooLarge = false, bool Missing = false);

/// <summary>External training records import (外部培训记录导入): every row credited to the ledger, or none and every problem listed.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/training-import")]
public sealed class TrainingImportController(TrainingRecordImporter importer, UserManager<AppUser> users) : Controller
{
    // The demo roster's first secretary, so that the template imports as it is on a demo installation.
    private static readonly string[] ExampleRow = ["13800000001", "", "", "2026-03-18", "15", "是", "社会组织党务工作者能力提升班", "SXDX-2026-0001"];
    private static readonly string[] ExampleByName = ["", "向俊杰", "51510000MJ97228180", "2026-04-09", "7.5", "是", "社会组织负责人集中轮训班", ""];

    [HttpGet("")]
    public IActionResult Index()
    {
        ViewData["Section"] = "admin";
        return View(new TrainingImportViewModel(null, null));
    }

    [HttpPost("")]
    [RequestSizeLimit(ImportLimits.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = ImportLimits.MaxRequestBytes)]
    public async Task<IActionResult> Index(IFormFile? file, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        if (file is null || file.Length == 0)
        {
            return View(new TrainingImportViewModel(null, null, Missing: true));
        }

        var fileName = Path.GetFileName(file.FileName);
        if (file.Length > ImportLimits.MaxBytes)
        {
            return View(new TrainingImportViewModel(null, fileName, TooLarge: true));
        }

        await using var stream = file.OpenReadStream();
        var result = await importer.ImportAsync(stream, fileName, users.GetUserId(User) ?? "admin", cancellationToken);
        return View(new TrainingImportViewModel(result, fileName));
    }

    [HttpGet("template.xlsx")]
    public IActionResult TemplateXlsx()
    {
        var records = new[] { ExampleRow, ExampleByName }
            .Select(row => TrainingRecordImporter.Columns.Select((c, i) => (c.Chinese, Value: (object)row[i])).ToDictionary(p => p.Chinese, p => p.Value))
            .ToList();
        var notes = new List<Dictionary<string, object>>
        {
            new() { ["列"] = "手机号", ["说明"] = "填写手机号，或留空并填写姓名和统一社会信用代码" },
            new() { ["列"] = "培训日期", ["说明"] = "yyyy-MM-dd、yyyy/M/d 或 yyyyMMdd，不晚于今天" },
            new() { ["列"] = "学时", ["说明"] = "大于 0，以 0.25 学时为单位" },
            new() { ["列"] = "集中培训", ["说明"] = "是 / 否" },
            new() { ["列"] = "证书编号", ["说明"] = "可留空；同一人同一编号只记一次" },
        };
        var sheets = new Dictionary<string, object> { ["培训记录"] = records, ["说明"] = notes };
        var buffer = new MemoryStream();
        buffer.SaveAs(sheets, excelType: ExcelType.XLSX);
        buffer.Position = 0;
        return File(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "training-records-template.xlsx");
    }

    [HttpGet("template.csv")]
    public IActionResult TemplateCsv()
    {
        var text = string.Join(',', TrainingRecordImporter.Columns.Select(c => c.Chinese)) + "\r\n" +
            string.Join(',', ExampleRow) + "\r\n" + string.Join(',', ExampleByName) + "\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        return File(bytes, "text/csv; charset=utf-8", "training-records-template.csv");
    }
}
