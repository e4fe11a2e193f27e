using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Learning.Assessments.Admin;

/// <summary>What the bank, question and quiz pages of the assessments admin show alike: quiz rows, owners, a bank's page.</summary>
internal sealed class AssessmentPages(CoursesDbContext db, CurrentScope scope, IStringLocalizer<SharedResource> t)
{
    public const string Views = "~/Features/Learning/Assessments/Admin/";

    public AssessmentAccess Access { get; } = new(db, scope);

    public async Task<BankDetails?> DetailsAsync(int id, Func<BankDetails, BankDetails>? with, CancellationToken cancellationToken)
    {
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

    public async Task<List<QuizRow>> QuizRowsAsync(IQueryable<Quiz> quizzes, CancellationToken cancellationToken)
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

    public async Task<(Dictionary<int, string> Courses, Dictionary<int, string> Sessions)> OwnerNamesAsync(CancellationToken cancellationToken) =>
        (await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken),
         await db.LectureHallSessions.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Topic, cancellationToken));

    public string OwnerName((Dictionary<int, string> Courses, Dictionary<int, string> Sessions) owners, int? courseId, int? sessionId) =>
        courseId is { } c ? owners.Courses.GetValueOrDefault(c, "") : sessionId is { } s ? owners.Sessions.GetValueOrDefault(s, "") : t["Assess.Bank.Shared"];
}
