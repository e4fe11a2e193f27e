using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Features.Learning.Assessments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

public sealed record BankRow(int Id, string Title, string Owner, int Questions, int Quizzes);

public sealed record QuizRow(int Id, int BankId, string Title, string Place, int QuestionCount, int PassPercent, int MaxAttempts, int? TimeLimitMinutes, bool Published);

public sealed record AssessmentsHome(IReadOnlyList<BankRow> Banks, IReadOnlyList<QuizRow> Quizzes, bool IsAdmin);

public sealed record BankDetails(int Id, string Title, string Owner, IReadOnlyList<Question> Questions, IReadOnlyList<QuizRow> Quizzes,
    QuestionImportResult? Import = null, string? ImportFileName = null, bool ImportMissing = false, bool ImportTooLarge = false);

public sealed class BankForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Bank.Title")]
    public string Title { get; set; } = "";

    /// <summary>"course:5", "session:3", or empty for a shared bank (administrators only).</summary>
    [Display(Name = "Assess.Bank.Owner")]
    public string? Owner { get; set; }
}

public sealed class QuestionForm
{
    [Display(Name = "Assess.Question.Kind")]
    public QuestionKind Kind { get; set; } = QuestionKind.SingleChoice;

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Stem")]
    public string Stem { get; set; } = "";

    /// <summary>One option a line, A first.</summary>
    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Options")]
    public string? Options { get; set; }

    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Answer")]
    public string Answer { get; set; } = "";

    [StringLength(FieldLimits.LongText, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Question.Explanation")]
    public string? Explanation { get; set; }
}

public sealed class QuizForm
{
    [Required(ErrorMessage = "Validation.Required")]
    [StringLength(FieldLimits.Title, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Assess.Quiz.Title")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Validation.Required")]
    [Display(Name = "Assess.Quiz.Place")]
    public string Place { get; set; } = "";

    [Range(1, Quiz.MaxQuestions, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.QuestionCount")]
    public int QuestionCount { get; set; } = 10;

    [Range(1, 100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.PassPercent")]
    public int PassPercent { get; set; } = 60;

    [Range(1, Quiz.MaxAttemptsLimit, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.MaxAttempts")]
    public int MaxAttempts { get; set; } = 3;

    [Range(1, Quiz.MaxTimeLimitMinutes, ErrorMessage = "Validation.Range")]
    [Display(Name = "Assess.Quiz.TimeLimit")]
    public int? TimeLimitMinutes { get; set; }

    [Display(Name = "Assess.Quiz.Published")]
    public bool Published { get; set; } = true;
}

/// <summary>Question banks (题库), their questions and the quizzes drawn from them: administrators all, lecturers their own courses and sessions.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
[Route("/admin/assessments")]
public sealed class AssessmentsController(CoursesDbContext db, CurrentScope scope, QuestionImporter importer, IStringLocalizer<SharedResource> t) : Controller
{
    public const long MaxImportBytes = 5 * 1024 * 1024;
    private const string Views = "~/Features/Learning/Assessments/Admin/";

    private static readonly string[] ExampleSingle = ["单选", "社会组织党组织书记一般从哪些人员中产生？", "会员代表", "社会组织负责人中的党员", "外部志愿者", "上级机关任意指派人员", "", "", "B", "书记一般由社会组织负责人中的党员担任。"];
    private static readonly string[] ExampleFillIn = ["填空", "党支部委员会会议一般每___召开一次。", "", "", "", "", "", "", "月|每月", "答案之间用 | 分隔，比较时忽略空格、全角半角和大小写。"];
    private static readonly string[] ExampleTrueFalse = ["判断", "社会组织章程中应当写明党建工作要求。", "", "", "", "", "", "", "对", ""];

    private AssessmentAccess Access => new(db, scope);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var banks = await Access.Banks().OrderBy(b => b.Title)
            .Select(b => new { b.Id, b.Title, b.CourseId, b.LectureHallSessionId, Questions = b.Questions.Count(q => !q.Retired),
                Quizzes = db.Set<Quiz>().Count(q => q.BankId == b.Id) })
            .ToListAsync(cancellationToken);
        var owners = await OwnerNamesAsync(cancellationToken);
        var rows = banks.Select(b => new BankRow(b.Id, b.Title, OwnerName(owners, b.CourseId, b.LectureHallSessionId), b.Questions, b.Quizzes)).ToList();
        return View(Views + "Index.cshtml", new AssessmentsHome(rows, await QuizRowsAsync(Access.Quizzes(), cancellationToken), Access.IsAdmin));
    }

    [HttpGet("banks/new")]
    public async Task<IActionResult> CreateBank(CancellationToken cancellationToken) => await BankView(null, new BankForm(), cancellationToken);

    [HttpGet("banks/{id:int}/edit")]
    public async Task<IActionResult> EditBank(int id, CancellationToken cancellationToken)
    {
        var bank = await Access.Banks().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        return bank is null ? NotFound() : await BankView(id, new BankForm
        {
            Title = bank.Title,
            Owner = bank.CourseId is { } c ? $"course:{c}" : bank.LectureHallSessionId is { } s ? $"session:{s}" : "",
        }, cancellationToken);
    }

    [HttpPost("banks/new")]
    public Task<IActionResult> CreateBank(BankForm form, CancellationToken cancellationToken) => SaveBankAsync(null, form, cancellationToken);

    [HttpPost("banks/{id:int}/edit")]
    public Task<IActionResult> EditBank(int id, BankForm form, CancellationToken cancellationToken) => SaveBankAsync(id, form, cancellationToken);

    private async Task<IActionResult> SaveBankAsync(int? id, BankForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        QuestionBank? bank = null;
        if (id is { } existing)
        {
            if (!await Access.CanManageBankAsync(existing, cancellationToken))
            {
                return NotFound();
            }

            bank = await db.Set<QuestionBank>().SingleAsync(b => b.Id == existing, cancellationToken);
        }

        var owners = await Access.BankOwnersAsync(cancellationToken);
        var place = AssessmentAccess.ParsePlace(form.Owner, owners);
        // An empty owner is a shared bank, which only administrators manage.
        if (place is null && !(string.IsNullOrEmpty(form.Owner) && Access.IsAdmin))
        {
            ModelState.AddModelError(nameof(form.Owner), t["Assess.Bank.OwnerRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return await BankView(id, form, cancellationToken);
        }

        bank ??= db.Add(new QuestionBank()).Entity;
        bank.Title = form.Title.Trim();
        bank.CourseId = place?.Kind == "course" ? place.Value.Id : null;
        bank.LectureHallSessionId = place?.Kind == "session" ? place.Value.Id : null;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/assessments/banks/{bank.Id}");
    }

    private async Task<ViewResult> BankView(int? id, BankForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        ViewData["Id"] = id;
        ViewData["Owners"] = await Access.BankOwnersAsync(cancellationToken);
        ViewData["IsAdmin"] = Access.IsAdmin;
        return View(Views + "Bank.cshtml", form);
    }

    [HttpGet("banks/{id:int}")]
    public async Task<IActionResult> Questions(int id, CancellationToken cancellationToken) =>
        await DetailsAsync(id, null, cancellationToken) is { } details ? View(Views + "Questions.cshtml", details) : NotFound();

    private async Task<BankDetails?> DetailsAsync(int id, Func<BankDetails, BankDetails>? with, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var bank = await Access.Banks().Include(b => b.Questions).SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (bank is null)
        {
            return null;
        }

        var owners = await OwnerNamesAsync(cancellationToken);
        var details = new BankDetails(bank.Id, bank.Title, OwnerName(owners, bank.CourseId, bank.LectureHallSessionId),
            bank.Questions.OrderBy(q => q.Retired).ThenBy(q => q.Id).ToList(),
            await QuizRowsAsync(Access.Quizzes().Where(q => q.BankId == id), cancellationToken));
        return with is null ? details : with(details);
    }

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
        var kindText = QuestionImporter.Kinds.First(k => k.Value == form.Kind).Key;
        Question? parsed = null;
        if (!Enum.IsDefined(form.Kind))
        {
            ModelState.AddModelError(nameof(form.Kind), t["Validation.Required", t["Assess.Question.Kind"]]);
        }
        else if (form.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice && options.Count is < 2 or > QuestionImporter.MaxOptions)
        {
            ModelState.AddModelError(nameof(form.Options), t["Assess.Question.OptionsCount", QuestionImporter.MaxOptions]);
        }
        else if (ModelState.IsValid)
        {
            // The same rules as a spreadsheet row, so a question typed in and one imported cannot differ.
            var cells = new List<string> { kindText, form.Stem.Trim() };
            cells.AddRange(Enumerable.Range(0, QuestionImporter.MaxOptions).Select(i => form.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice && i < options.Count ? options[i] : ""));
            cells.Add(form.Answer.Trim());
            cells.Add(form.Explanation?.Trim() ?? "");
            var problems = new List<ImportProblem>();
            parsed = QuestionImporter.Parse(1, c => cells[c], problems);
            foreach (var p in problems)
            {
                var field = p.Column == QuestionImporter.Columns[8].Chinese ? nameof(form.Answer)
                    : p.Column.StartsWith("选项", StringComparison.Ordinal) ? nameof(form.Options) : nameof(form.Stem);
                ModelState.AddModelError(field, p.Code == ImportProblemCode.UnknownValue && field == nameof(form.Answer)
                    ? t[$"Assess.Question.AnswerHelp.{form.Kind}"] : t[$"ImportProblemCode.{p.Code}", p.Value ?? ""]);
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
    [RequestSizeLimit(MaxImportBytes + 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxImportBytes + 1024 * 1024)]
    public async Task<IActionResult> Import(int id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await Access.CanManageBankAsync(id, cancellationToken))
        {
            return NotFound();
        }

        BankDetails? details;
        if (file is null || file.Length == 0)
        {
            details = await DetailsAsync(id, d => d with { ImportMissing = true }, cancellationToken);
        }
        else if (file.Length > MaxImportBytes)
        {
            details = await DetailsAsync(id, d => d with { ImportTooLarge = true, ImportFileName = Path.GetFileName(file.FileName) }, cancellationToken);
        }
        else
        {
            await using var stream = file.OpenReadStream();
            var result = await importer.ImportAsync(id, stream, Path.GetFileName(file.FileName), cancellationToken);
            details = await DetailsAsync(id, d => d with { Import = result, ImportFileName = Path.GetFileName(file.FileName) }, cancellationToken);
        }

        return View(Views + "Questions.cshtml", details!);
    }

    [HttpGet("template.xlsx")]
    public IActionResult TemplateXlsx()
    {
        var rows = new[] { ExampleSingle, ExampleTrueFalse, ExampleFillIn }
            .Select(r => QuestionImporter.Columns.Select((c, i) => (c.Chinese, Value: (object)r[i])).ToDictionary(p => p.Chinese, p => p.Value)).ToList();
        var help = QuestionImporter.Kinds.Keys.Where(k => k.Length <= 3 && !k.All(char.IsAscii))
            .Select(k => new Dictionary<string, object> { ["列"] = "题型", ["可填写的值"] = k })
            .Concat([
                new Dictionary<string, object> { ["列"] = "答案", ["可填写的值"] = t["Assess.Question.AnswerHelp.SingleChoice"].Value },
                new Dictionary<string, object> { ["列"] = "答案", ["可填写的值"] = t["Assess.Question.AnswerHelp.MultipleChoice"].Value },
                new Dictionary<string, object> { ["列"] = "答案", ["可填写的值"] = t["Assess.Question.AnswerHelp.TrueFalse"].Value },
                new Dictionary<string, object> { ["列"] = "答案", ["可填写的值"] = t["Assess.Question.AnswerHelp.FillIn"].Value },
            ]).ToList();
        var buffer = new MemoryStream();
        buffer.SaveAs(new Dictionary<string, object> { ["试题"] = rows, ["说明"] = help }, excelType: ExcelType.XLSX);
        buffer.Position = 0;
        return File(buffer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "question-template.xlsx");
    }

    [HttpGet("template.csv")]
    public IActionResult TemplateCsv()
    {
        static string Csv(IEnumerable<string> cells) => string.Join(',', cells.Select(c => c.Contains(',', StringComparison.Ordinal) || c.Contains('"', StringComparison.Ordinal) ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c));
        var text = Csv(QuestionImporter.Columns.Select(c => c.Chinese)) + "\r\n" +
            string.Concat(new[] { ExampleSingle, ExampleTrueFalse, ExampleFillIn }.Select(r => Csv(r) + "\r\n"));
        // The byte-order mark tells Excel the file is UTF-8; without it Chinese text opens garbled.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        return File(bytes, "text/csv; charset=utf-8", "question-template.csv");
    }

    [HttpGet("banks/{id:int}/quizzes/new")]
    public async Task<IActionResult> CreateQuiz(int id, CancellationToken cancellationToken) =>
        await Access.CanManageBankAsync(id, cancellationToken) ? await QuizView(id, null, new QuizForm(), cancellationToken) : NotFound();

    [HttpGet("quizzes/{id:int}/edit")]
    public async Task<IActionResult> EditQuiz(int id, CancellationToken cancellationToken)
    {
        var q = await Access.Quizzes().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return q is null ? NotFound() : await QuizView(q.BankId, id, new QuizForm
        {
            Title = q.Title, QuestionCount = q.QuestionCount, PassPercent = q.PassPercent, MaxAttempts = q.MaxAttempts,
            TimeLimitMinutes = q.TimeLimitMinutes, Published = q.Published,
            Place = q.LessonId is { } l ? $"lesson:{l}" : $"session:{q.LectureHallSessionId}",
        }, cancellationToken);
    }

    [HttpPost("banks/{id:int}/quizzes/new")]
    public Task<IActionResult> CreateQuiz(int id, QuizForm form, CancellationToken cancellationToken) => SaveQuizAsync(id, null, form, cancellationToken);

    [HttpPost("quizzes/{id:int}/edit")]
    public async Task<IActionResult> EditQuiz(int id, QuizForm form, CancellationToken cancellationToken)
    {
        var bankId = await Access.Quizzes().Where(q => q.Id == id).Select(q => (int?)q.BankId).SingleOrDefaultAsync(cancellationToken);
        return bankId is null ? NotFound() : await SaveQuizAsync(bankId.Value, id, form, cancellationToken);
    }

    private async Task<IActionResult> SaveQuizAsync(int bankId, int? id, QuizForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await Access.CanManageBankAsync(bankId, cancellationToken))
        {
            return NotFound();
        }

        var place = AssessmentAccess.ParsePlace(form.Place, await Access.QuizPlacesAsync(cancellationToken));
        if (place is null)
        {
            ModelState.AddModelError(nameof(form.Place), t["Assess.Quiz.PlaceRequired"]);
        }

        var available = await db.Set<Question>().CountAsync(q => q.BankId == bankId && !q.Retired, cancellationToken);
        if (form.QuestionCount > available)
        {
            ModelState.AddModelError(nameof(form.QuestionCount), t["Assess.Quiz.TooFewQuestions", available]);
        }

        if (!ModelState.IsValid)
        {
            return await QuizView(bankId, id, form, cancellationToken);
        }

        var quiz = id is { } existing
            ? await db.Set<Quiz>().SingleAsync(q => q.Id == existing, cancellationToken)
            : db.Add(new Quiz { BankId = bankId }).Entity;
        quiz.Title = form.Title.Trim();
        quiz.LessonId = place!.Value.Kind == "lesson" ? place.Value.Id : null;
        quiz.LectureHallSessionId = place.Value.Kind == "session" ? place.Value.Id : null;
        quiz.QuestionCount = form.QuestionCount;
        quiz.PassPercent = form.PassPercent;
        quiz.MaxAttempts = form.MaxAttempts;
        quiz.TimeLimitMinutes = form.TimeLimitMinutes;
        quiz.Published = form.Published;
        await db.SaveChangesAsync(cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/assessments/banks/{bankId}");
    }

    private async Task<ViewResult> QuizView(int bankId, int? id, QuizForm form, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        ViewData["BankId"] = bankId;
        ViewData["Id"] = id;
        ViewData["Places"] = await Access.QuizPlacesAsync(cancellationToken);
        return View(Views + "Quiz.cshtml", form);
    }

    private async Task<List<QuizRow>> QuizRowsAsync(IQueryable<Quiz> quizzes, CancellationToken cancellationToken)
    {
        var rows = await quizzes.OrderBy(q => q.Title).ToListAsync(cancellationToken);
        var overviews = (await new QuizQueries(db).OverviewsAsync(quizzes, cancellationToken)).ToDictionary(o => o.Id);
        return rows.Select(q =>
        {
            var p = overviews[q.Id].Place;
            var place = p.LessonId is not null ? $"{p.CourseTitle} · {p.LessonTitle}" : p.SessionId is not null ? string.Create(CultureInfo.InvariantCulture, $"{p.SessionNumber} · {p.SessionTopic}") : "";
            return new QuizRow(q.Id, q.BankId, q.Title, place, q.QuestionCount, q.PassPercent, q.MaxAttempts, q.TimeLimitMinutes, q.Published);
        }).ToList();
    }

    private async Task<(Dictionary<int, string> Courses, Dictionary<int, string> Sessions)> OwnerNamesAsync(CancellationToken cancellationToken) =>
        (await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken),
         await db.LectureHallSessions.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Topic, cancellationToken));

    private string OwnerName((Dictionary<int, string> Courses, Dictionary<int, string> Sessions) owners, int? courseId, int? sessionId) =>
        courseId is { } c ? owners.Courses.GetValueOrDefault(c, "") : sessionId is { } s ? owners.Sessions.GetValueOrDefault(s, "") : t["Assess.Bank.Shared"];
}
