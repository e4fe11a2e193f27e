using System.Text;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MiniExcelLibs;

namespace LearnHub.Web.Features.Registry.Import;

public sealed record ImportViewModel(RosterImportResult? Result, string? FileName, bool TooLarge = false, bool Missing = false);

/// <summary>Roster import (名册导入): an upload that either imports every row or lists every problem.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/import")]
public sealed class ImportController(RosterImporter importer) : Controller
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
    [RequestSizeLimit(ImportLimits.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = ImportLimits.MaxRequestBytes)]
    public async Task<IActionResult> Index(IFormFile? file, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        if (file is null || file.Length == 0)
        {
            return View(new ImportViewModel(null, null, Missing: true));
        }

        var fileName = Path.GetFileName(file.FileName);
        if (file.Length > ImportLimits.MaxBytes)
        {
            return View(new ImportViewModel(null, fileName, TooLarge: true));
        }

        await using var stream = file.OpenReadStream();
        var result = await importer.ImportAsync(stream, fileName, cancellationToken);
        return View(new ImportViewModel(result, fileName));
    }

    [HttpGet("template.xlsx")]
    public IActionResult TemplateXlsx()
    {
        var roster = new List<Dictionary<string, object>> { RosterImporter.Columns.Select((c, i) => (c.Chinese, Value: (object)ExampleRow[i]))
            .ToDictionary(p => p.Chinese, p => p.Value) };
        var values = new List<Dictionary<string, object>>();
        void Add(string column, IEnumerable<string> allowed)
        {
            foreach (var value in allowed.Where(v => v.Length > 0))
            {
                values.Add(new Dictionary<string, object> { ["列"] = column, ["可填写的值"] = value });
            }
        }

        Add(RosterImporter.Columns[2].Chinese, RosterVocabulary.Kinds.Keys);
        Add(RosterImporter.Columns[3].Chinese, RosterVocabulary.Fields.Keys);
        Add(RosterImporter.Columns[4].Chinese, RosterVocabulary.Grades.Keys);
        Add(RosterImporter.Columns[6].Chinese, RosterVocabulary.PartyForms.Keys);
        Add(RosterImporter.Columns[8].Chinese, RosterVocabulary.Genders.Keys);
        Add(RosterImporter.Columns[10].Chinese, RosterVocabulary.Positions.Keys);
        Add(RosterImporter.Columns[11].Chinese, ["yyyy-MM-dd", "yyyy/M/d", "yyyyMMdd"]);
        var sheets = new Dictionary<string, object> { ["名册"] = roster, ["说明"] = values };
        var buffer = new MemoryStream();
        buffer.SaveAs(sheets, excelType: ExcelType.XLSX);
        buffer.Position = 0;
        return File(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "roster-template.xlsx");
    }

    [HttpGet("template.csv")]
    public IActionResult TemplateCsv()
    {
        var text = string.Join(',', RosterImporter.Columns.Select(c => c.Chinese)) + "\r\n" + string.Join(',', ExampleRow) + "\r\n";
        // The byte-order mark tells Excel the file is UTF-8; without it Chinese text opens garbled.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        return File(bytes, "text/csv; charset=utf-8", "roster-template.csv");
    }

    internal static bool ExampleIsValid() => CreditCode.Validate(ExampleRow[1]) is null;
}
