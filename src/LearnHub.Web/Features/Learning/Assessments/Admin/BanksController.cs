using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

/// <summary>Question banks (题库): administrators all, lecturers their own courses' and sessions'.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
[Route("/admin/assessments")]
public sealed class BanksController(CoursesDbContext db, CurrentScope scope, IStringLocalizer<SharedResource> t) : Controller
{
    private const string Views = AssessmentPages.Views;
    private readonly AssessmentPages _pages = new(db, scope, t);

    private AssessmentAccess Access => _pages.Access;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        var banks = await Access.Banks().OrderBy(b => b.Title)
            .Select(b => new { b.Id, b.Title, b.CourseId, b.LectureHallSessionId, Questions = b.Questions.Count(q => !q.Retired),
                Quizzes = db.Set<Quiz>().Count(q => q.BankId == b.Id) })
            .ToListAsync(cancellationToken);
        var owners = await _pages.OwnerNamesAsync(cancellationToken);
        var rows = banks.Select(b => new BankRow(b.Id, b.Title, _pages.OwnerName(owners, b.CourseId, b.LectureHallSessionId), b.Questions, b.Quizzes)).ToList();
        return View(Views + "Index.cshtml", new AssessmentsHome(rows, await _pages.QuizRowsAsync(Access.Quizzes(), cancellationToken), Access.IsAdmin));
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

    [HttpGet("banks/{id:int}")]
    public async Task<IActionResult> Questions(int id, CancellationToken cancellationToken)
    {
        ViewData["Section"] = "admin";
        return await _pages.DetailsAsync(id, null, cancellationToken) is { } details ? View(Views + "Questions.cshtml", details) : NotFound();
    }

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
}
