using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Import;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

/// <summary>A bank's questions: typed in one at a time or imported from a spreadsheet, and retired.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
[Route("/admin/assessments")]
public sealed class QuestionsController(CoursesDbContext db, CurrentScope scope, QuestionImporter importer, IStringLocalizer<SharedResource> t) : Controller
{
    public const long MaxImportBytes = 5 * 1024 * 1024;
    private const string Views = AssessmentPages.Views;

    private static readonly string[] ExampleSingle = ["单选", "社会组织党组织书记一般从哪些人员中产生？", "会员代表", "社会组织负责人中的党员", "外部志愿者", "上级机关任意指派人员", "", "", "B", "书记一般由社会组织负责人中的党员担任。"];
    private static readonly string[] ExampleFillIn = ["填空", "党支部委员会会议一般每___召开一次。", "", "", "", "", "", "", "月|每月", "答案之间用 | 分隔，比较时忽略空格、全角半角和大小写。"];
    private static readonly string[] ExampleTrueFalse = ["判断", "社会组织章程中应当写明党建工作要求。", "", "", "", "", "", "", "对", ""];

    private readonly AssessmentPages _pages = new(db, scope, t);

    private AssessmentAccess Access => _pages.Access;

    [HttpGet("banks/{id:int}/questions/new")]
    public async Task<IActionResult> CreateQuestion(int id, CancellationToken cancellationToken) =>
        await Access.CanManageBankAsync(id, cancellationToken) ? QuestionView(id, null, new QuestionForm()) : NotFound();

    [HttpGet("questions/{id:int}/edit")]
    public async Task<IActionResult> EditQuestion(int id, CancellationToken cancellationToken)
    {
        var q = await db.Set<Question>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (q is null || !await Access.CanManageBankAsync(q.BankId, cancellationToken))
        {
            return NotFound();
        }

        return QuestionView(q.BankId, id, new QuestionForm
        {
            Kind = q.Kind, Stem = q.Stem, Options = string.Join('\n', q.Options), Explanation = q.Explanation,
            Answer = q.Kind switch
            {
                QuestionKind.FillIn => string.Join('|', q.AcceptedAnswers),
                QuestionKind.TrueFalse => q.CorrectOptions.FirstOrDefault() == 0 ? "对" : "错",
                _ => string.Concat(q.CorrectOptions.Select(i => (char)('A' + i))),
            },
        });
    }

    [HttpPost("banks/{id:int}/questions/new")]
    public Task<IActionResult> CreateQuestion(int id, QuestionForm form, CancellationToken cancellationToken) => SaveQuestionAsync(id, null, form, cancellationToken);

    [HttpPost("questions/{id:int}/edit")]
    public async Task<IActionResult> EditQuestion(int id, QuestionForm form, CancellationToken cancellationToken)
    {
        var bankId = await db.Set<Question>().Where(q => q.Id == id).Select(q => (int?)q.BankId).SingleOrDefaultAsync(cancellationToken);
        return bankId is null ? NotFound() : await SaveQuestionAsync(bankId.Value, id, form, cancellationToken);
    }

    private async Task<IActionResult> SaveQuestionAsync(int bankId, int? id, QuestionForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await Access.CanManageBankAsync(bankId, cancellationToken))
        {
            return NotFound();
        }

        var options = (form.Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        Question? parsed = null;
        if (!Enum.IsDefined(form.Kind))
        {
            ModelState.AddModelError(nameof(form.Kind), t["Validation.Required", t["Assess.Question.Kind"]]);
        }
        else if (!QuestionRules.HasOptionCount(form.Kind, options.Count))
        {
            ModelState.AddModelError(nameof(form.Options), t["Assess.Question.OptionsCount", QuestionRules.MaxOptions]);
        }
        else if (ModelState.IsValid)
        {
            // The rules a spreadsheet row is checked by, so a question typed in and one imported cannot differ.
            var errors = new List<QuestionError>();
            parsed = QuestionRules.Build(new QuestionDraft(form.Kind, form.Stem, QuestionRules.IsChoice(form.Kind) ? options : [], form.Answer, form.Explanation), errors);
            foreach (var error in errors)
            {
                var field = error.Field switch
                {
                    QuestionField.Answer => nameof(form.Answer),
                    QuestionField.Option => nameof(form.Options),
                    QuestionField.Explanation => nameof(form.Explanation),
                    QuestionField.Kind => nameof(form.Kind),
                    _ => nameof(form.Stem),
                };
                ModelState.AddModelError(field, error is { Field: QuestionField.Answer, Code: ImportProblemCode.UnknownValue }
                    ? t[$"Assess.Question.AnswerHelp.{form.Kind}"] : t[$"ImportProblemCode.{error.Code}", error.Value ?? ""]);
            }
        }

        if (!ModelState.IsValid || parsed is null)
        {
            return QuestionView(bankId, id, form);
        }

        var question = id is { } existing
            ? await db.Set<Question>().SingleAsync(q => q.Id == existing, cancellationToken)
            : db.Add(new Question { BankId = bankId }).Entity;
        question.Kind = parsed.Kind;
        question.Stem = parsed.Stem;
        question.Options = parsed.Options;
        question.CorrectOptions = parsed.CorrectOptions;
        question.AcceptedAnswers = parsed.AcceptedAnswers;
        question.Explanation = parsed.Explanation;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/assessments/banks/{bankId}");
    }

    [HttpPost("questions/{id:int}/retire")]
    public async Task<IActionResult> RetireQuestion(int id, bool retired, CancellationToken cancellationToken)
    {
        var question = await db.Set<Question>().SingleOrDefaultAsync(q => q.Id == id, cancellationToken);
        if (question is null || !await Access.CanManageBankAsync(question.BankId, cancellationToken))
        {
            return NotFound();
        }

        question.Retired = retired;
        await db.SaveChangesAsync(cancellationToken);
        return Redirect($"/admin/assessments/banks/{question.BankId}");
    }

    private ViewResult QuestionView(int bankId, int? id, QuestionForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["BankId"] = bankId;
        ViewData["Id"] = id;
        return View(Views + "Question.cshtml", form);
    }

    [HttpPost("banks/{id:int}/import")]
    [Audited(AuditAction.Imported)]
    [RequestSizeLimit(MaxImportBytes + 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxImportBytes + 1024 * 1024)]
    public async Task<IActionResult> Import(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await Access.CanManageBankAsync(id, cancellationToken))
        {
            return NotFound();
        }

        ViewData["Section"] = "admin";
        var upload = new ImportUpload(file, MaxImportBytes);
        var result = await upload.ImportAsync((stream, name) => importer.ImportAsync(id, stream, name, cancellationToken));
        var details = await _pages.DetailsAsync(id, d => d with { Import = result, Upload = upload }, cancellationToken);
        return View(Views + "Questions.cshtml", details!);
    }

    /// <summary>One question of each common kind, and the answer rules in the reader's language.</summary>
    [HttpGet("template.{format}")]
    public IActionResult Template(string format) => this.TemplateFile(new ImportTemplate(QuestionImporter.Layout, "试题", [ExampleSingle, ExampleTrueFalse, ExampleFillIn])
    {
        Notes =
        [
            .. QuestionImporter.Kinds.Keys.Where(k => k.Length <= 3 && !k.All(char.IsAscii)).Select(k => ("题型", k)),
            .. new[] { QuestionKind.SingleChoice, QuestionKind.MultipleChoice, QuestionKind.TrueFalse, QuestionKind.FillIn }
                .Select(kind => ("答案", t[$"Assess.Question.AnswerHelp.{kind}"].Value)),
        ],
    }, format, "question-template");
}
