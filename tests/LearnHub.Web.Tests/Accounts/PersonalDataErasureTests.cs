using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Account.PersonalData;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Accounts;

/// <summary>
/// The system administrator erases a person's personal data on request: the person identifies nobody afterwards, and
/// the compliance report, the dashboard and the class summaries count exactly what they counted before.
/// </summary>
public sealed partial class PersonalDataErasureTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Admin = "admin@learnhub.example";

    [Fact]
    public async Task Erasing_a_person_keeps_the_report_dashboard_and_class_figures_and_removes_who_they_were()
    {
        var (personId, name, mobile) = await TraineeWithHoursAttendanceAndReflectionAsync();
        var quiz = await FillInAttemptAsync(personId, name, mobile);
        var admin = await factory.SignInAsync(Admin);
        var before = await FiguresAsync(admin, personId);

        var response = await EraseAsync(admin, personId, "PIPL-2027-007", name, LearnHubFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(before, await FiguresAsync(admin, personId));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId);
        Assert.Equal(PersonalDataErasure.PlaceholderFor(personId), person.Name);
        Assert.True(person.IsErased);
        Assert.All(await db.Set<ClassReflection>().AsNoTracking().Where(r => r.PersonId == personId).ToListAsync(), r => Assert.Equal("", r.Text));
        Assert.All(await db.AttendanceRecords.AsNoTracking().Where(r => r.PersonId == personId).ToListAsync(), r => Assert.Equal("", r.Note));
        // The fill-in answer's words go; what it scored, and the chosen options, stay.
        var attempt = await db.Set<QuizAttempt>().AsNoTracking().Include(a => a.Answers).SingleAsync(a => a.Id == quiz.AttemptId);
        Assert.Equal(quiz.Percent, attempt.Percent);
        Assert.Equal(quiz.Correct, attempt.Answers.Select(a => (a.QuestionId, a.Correct)).Order().ToList());
        Assert.Equal("", attempt.Answers.Single(a => a.QuestionId == quiz.FillInId).Response);
        Assert.Equal(quiz.Choice, attempt.Answers.Single(a => a.QuestionId != quiz.FillInId).Response);

        // The admin pages no longer show the name or the number.
        foreach (var page in new[] { $"/admin/people?organization={person.OrganizationId}", $"/admin/people/{personId}/edit", $"/admin/organizations/{person.OrganizationId}" })
        {
            var html = await admin.GetStringAsync(page);
            Assert.DoesNotContain(name, html, StringComparison.Ordinal);
            Assert.DoesNotContain(mobile, html, StringComparison.Ordinal);
        }

        // Nor does what the personal-data copy would hold for the (anonymised) account.
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        if (await identity.Users.SingleOrDefaultAsync(u => u.PersonId == personId) is { } account)
        {
            // The audit log's lines stay as written until their retention runs out (it is hash-chained); everything else is clean.
            var record = await scope.ServiceProvider.GetRequiredService<PersonalDataExport>().CollectAsync(account, CancellationToken.None);
            var copy = JsonSerializer.Serialize(record.Sections.Where(s => s.Kind != "AuditEntry").ToList());
            Assert.Equal(PersonalDataErasure.PlaceholderFor(personId), record.Name);
            Assert.DoesNotContain(name, Regex.Unescape(copy), StringComparison.Ordinal);
            Assert.DoesNotContain(mobile, copy, StringComparison.Ordinal);
            Assert.Null(account.PhoneNumber);
            Assert.Null(account.PasswordHash);
            Assert.NotNull(account.DisabledAt);
        }

        // The audit line says who, when and the reference, and nothing of what was erased.
        var line = await identity.AuditLog.AsNoTracking().Where(e => e.Action == AuditAction.PersonErased).OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal($"person:{personId}", line.Target);
        Assert.Equal("PIPL-2027-007", line.Detail);
        Assert.Contains("Admin", line.ActorRoles, StringComparison.Ordinal);
        Assert.DoesNotContain(name, line.Detail + line.Target, StringComparison.Ordinal);

        // Done once: the page is gone for an erased person.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/admin/people/{personId}/erase")).StatusCode);
    }

    [Fact]
    public async Task An_erased_trainee_is_signed_out_and_cannot_sign_in_again()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var account = await identity.Users.AsNoTracking().SingleAsync(u => u.Email == "trainee2@learnhub.example");
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == account.PersonId);
        var trainee = await factory.SignInAsync("trainee2@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync("/my/learning")).StatusCode);

        var admin = await factory.SignInAsync(Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await EraseAsync(admin, person.Id, "申请 12", person.Name, LearnHubFactory.Password)).StatusCode);

        var after = await trainee.GetAsync("/my/learning");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.SignInAsync("trainee2@learnhub.example"));
        var browser = factory.CreateBrowser();
        var byMobile = await browser.PostAsync("/account/sign-in", await LearnHubFactory.FormWithTokenAsync(browser, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = person.Mobile, ["Password"] = LearnHubFactory.Password }));
        Assert.NotEqual(HttpStatusCode.Redirect, byMobile.StatusCode);

        // The roster sync never brings the account back or makes a new one.
        await scope.ServiceProvider.GetRequiredService<LearnHub.Web.Identity.Accounts.PersonAccounts>().SyncAsync([person.Id], CancellationToken.None);
        var accounts = await identity.Users.AsNoTracking().Where(u => u.PersonId == person.Id).ToListAsync();
        Assert.Single(accounts);
        Assert.NotNull(accounts[0].DisabledAt);
    }

    [Theory]
    [InlineData("security@learnhub.example")]
    [InlineData("auditor@learnhub.example")]
    [InlineData("supervisor@learnhub.example")]
    [InlineData("contact@learnhub.example")]
    public async Task Only_the_system_administrator_may_erase(string user)
    {
        var (personId, name, _) = await AnyTraineeAsync();
        var client = await factory.SignInAsync(user);
        var page = await client.GetAsync($"/admin/people/{personId}/erase");
        Assert.True(page.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{user}: {page.StatusCode}");
        if (page.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/account/denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        // A post with a token from a page the user may open is refused too.
        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync("/account/security"));
        var post = await client.PostAsync($"/admin/people/{personId}/erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reference"] = "x", ["ConfirmName"] = name, ["Password"] = LearnHubFactory.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.NotEqual(HttpStatusCode.NotFound, post.StatusCode);
        await AssertNotErasedAsync(personId, name);
    }

    [Fact]
    public async Task The_administrator_s_password_and_the_typed_name_are_required()
    {
        var (personId, name, _) = await AnyTraineeAsync();
        var admin = await factory.SignInAsync(Admin);

        var wrongPassword = await EraseAsync(admin, personId, "R-1", name, "not-the-password");
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword.StatusCode);
        Assert.Contains("密码", await wrongPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noPassword = await EraseAsync(admin, personId, "R-1", name, "");
        Assert.Equal(HttpStatusCode.BadRequest, noPassword.StatusCode);
        var wrongName = await EraseAsync(admin, personId, "R-1", name + "乙", LearnHubFactory.Password);
        Assert.Equal(HttpStatusCode.BadRequest, wrongName.StatusCode);
        Assert.Contains("姓名", await wrongName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noReference = await EraseAsync(admin, personId, "", name, LearnHubFactory.Password);
        Assert.Equal(HttpStatusCode.BadRequest, noReference.StatusCode);
        await AssertNotErasedAsync(personId, name);

        // Without the antiforgery token nothing happens either.
        var forged = await admin.PostAsync($"/admin/people/{personId}/erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reference"] = "R-1", ["ConfirmName"] = name, ["Password"] = LearnHubFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        await AssertNotErasedAsync(personId, name);
    }

    [Fact]
    public async Task A_person_who_acts_for_others_is_refused_with_the_reason()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var contact = await identity.Users.AsNoTracking().SingleAsync(u => u.Email == "contact@learnhub.example");
        Assert.NotNull(contact.PersonId);
        var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == contact.PersonId);
        var admin = await factory.SignInAsync(Admin);

        var page = await admin.GetStringAsync($"/admin/people/{person.Id}/erase");
        Assert.Contains("data-testid=\"erase-blocked\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"erase-form\"", page, StringComparison.Ordinal);
        var response = await admin.PostAsync($"/admin/people/{person.Id}/erase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Reference"] = "R-2", ["ConfirmName"] = person.Name, ["Password"] = LearnHubFactory.Password,
            ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(await admin.GetStringAsync($"/admin/people/{person.Id}/edit")),
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("联络员", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNotErasedAsync(person.Id, person.Name);
    }

    [Fact]
    public void Every_text_column_of_a_person_s_rows_is_either_erased_or_kept_for_a_stated_reason()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var unclassified = db.Model.GetEntityTypes()
            .Where(t => t.FindProperty("PersonId") is not null && !PersonalDataErasure.KeptWhole.Contains(t.ClrType))
            .SelectMany(t => t.GetProperties().Where(p => p.ClrType == typeof(string)).Select(p => $"{t.ClrType.Name}.{p.Name}"))
            .Where(c => !PersonalDataErasure.ErasedColumns.Contains(c[(c.IndexOf('.', StringComparison.Ordinal) + 1)..]) && !PersonalDataErasure.KeptColumns.ContainsKey(c))
            .ToList();
        Assert.Empty(unclassified);
    }

    private static async Task<HttpResponseMessage> EraseAsync(HttpClient admin, int personId, string reference, string confirmName, string password)
    {
        var form = await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/people/{personId}/erase", new Dictionary<string, string>
        {
            ["Reference"] = reference, ["ConfirmName"] = confirmName, ["Password"] = password,
        });
        return await admin.PostAsync($"/admin/people/{personId}/erase", form);
    }

    private async Task AssertNotErasedAsync(int personId, string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var person = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == personId);
        Assert.Equal(name, person.Name);
        Assert.False(person.IsErased);
    }

    /// <summary>A demo trainee with ledger lines and attendance and no staff role; a reflection is handed in for them if they have none.</summary>
    private async Task<(int Id, string Name, string Mobile)> TraineeWithHoursAttendanceAndReflectionAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var identity = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var linked = await identity.Users.Where(u => u.PersonId != null && (u.Email == "contact@learnhub.example" || u.Email == "trainee2@learnhub.example"))
            .Select(u => u.PersonId!.Value).ToListAsync();
        var person = await db.People.AsNoTracking()
            .Where(p => !linked.Contains(p.Id) && db.LedgerEntries.Any(e => e.PersonId == p.Id) && db.AttendanceRecords.Any(a => a.PersonId == p.Id)
                && db.ClassEnrolments.Any(e => e.PersonId == p.Id))
            .OrderByDescending(p => db.Set<ClassReflection>().Any(r => r.PersonId == p.Id)).ThenBy(p => p.Id)
            .FirstAsync();
        if (!await db.Set<ClassReflection>().AnyAsync(r => r.PersonId == person.Id))
        {
            var classId = await db.ClassEnrolments.Where(e => e.PersonId == person.Id).Select(e => e.ClassId).FirstAsync();
            db.Add(new ClassReflection { ClassId = classId, PersonId = person.Id, Attempt = 1, Text = "我的学习心得：" + person.Name, Characters = 10, SubmittedAt = factory.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        await db.AttendanceRecords.Where(a => a.PersonId == person.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Note, "迟到，电话 " + person.Mobile));
        return (person.Id, person.Name, person.Mobile);
    }

    private sealed record QuizAnswers(int AttemptId, int FillInId, int Percent, List<(int, bool)> Correct, string Choice);

    /// <summary>
    /// A submitted attempt of the person at a demo quiz with a fill-in question, answered with their name and number,
    /// and a choice question: the answers are keyed by the attempt, not by the person.
    /// </summary>
    private async Task<QuizAnswers> FillInAttemptAsync(int personId, string name, string mobile)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var fillIn = await db.Set<Question>().Where(q => q.Kind == QuestionKind.FillIn && !q.Retired
                && db.Set<Question>().Any(o => o.BankId == q.BankId && o.Kind == QuestionKind.SingleChoice && !o.Retired)
                && db.Set<Quiz>().Any(z => z.BankId == q.BankId))
            .OrderBy(q => q.Id).FirstAsync();
        var choice = await db.Set<Question>().Where(q => q.BankId == fillIn.BankId && q.Kind == QuestionKind.SingleChoice && !q.Retired).OrderBy(q => q.Id).FirstAsync();
        var quiz = await db.Set<Quiz>().Where(z => z.BankId == fillIn.BankId).OrderBy(z => z.Id).FirstAsync();
        var number = await db.Set<QuizAttempt>().CountAsync(a => a.QuizId == quiz.Id && a.PersonId == personId) + 1;
        var now = factory.Clock.GetUtcNow();
        var attempt = QuizAttempt.Start(quiz, personId, number, seed: 1, [fillIn.Id, choice.Id], now);
        attempt.Submit(new Dictionary<int, QuestionResponse>
        {
            [fillIn.Id] = QuestionResponse.Fill($"{fillIn.AcceptedAnswers[0]}（{name} {mobile}）"),
            [choice.Id] = QuestionResponse.Choose(choice.CorrectOptions[0]),
        }, new Dictionary<int, Question> { [fillIn.Id] = fillIn, [choice.Id] = choice }, quiz.PassPercent, now);
        db.Add(attempt);
        await db.SaveChangesAsync();
        Assert.Contains(mobile, attempt.Answers.Single(a => a.QuestionId == fillIn.Id).Response, StringComparison.Ordinal);
        return new(attempt.Id, fillIn.Id, attempt.Percent, attempt.Answers.Select(a => (a.QuestionId, a.Correct)).Order().ToList(),
            attempt.Answers.Single(a => a.QuestionId == choice.Id).Response);
    }

    private async Task<(int Id, string Name, string Mobile)> AnyTraineeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var person = await db.People.AsNoTracking().Where(p => !p.Mobile.StartsWith(Person.ErasedMobilePrefix) && !db.AttendanceRecords.Any(a => a.PersonId == p.Id))
            .OrderBy(p => p.Id).FirstAsync();
        return (person.Id, person.Name, person.Mobile);
    }

    /// <summary>What the statistics say about the person's organization and classes, with no name in it.</summary>
    private async Task<string> FiguresAsync(HttpClient admin, int personId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var compliance = scope.ServiceProvider.GetRequiredService<ComplianceQueries>();
        var summaries = scope.ServiceProvider.GetRequiredService<ClassSummaries>();
        var organizationId = await db.People.Where(p => p.Id == personId).Select(p => p.OrganizationId).SingleAsync();
        var years = await db.LedgerEntries.Where(e => e.PersonId == personId).Select(e => e.Date.Year).Distinct().ToListAsync();
        var lines = new List<string>();
        foreach (var year in years.Append(factory.Programme.Today.Year).Distinct().Order())
        {
            var report = await compliance.ReportAsync(db.People.Where(p => p.OrganizationId == organizationId), new ComplianceFilter(), year);
            lines.Add(FormattableString.Invariant($"{year}: bound {report.Bound}, compliant {report.Compliant}"));
            // By id: the report lists people by name, and the erased one's placeholder sorts elsewhere.
            lines.AddRange(report.People.OrderBy(p => p.PersonId).Select(p => FormattableString.Invariant(
                $"{p.PersonId} {p.OrganizationId} {p.Tiers} {p.Totals.TotalHours} {p.Totals.CentralizedHours} {p.Totals.CentralizedTrainings} {p.Compliant} {string.Join(",", p.Outcomes.Select(o => $"{o.Rule.Code}:{o.Status}"))}")));
            lines.AddRange(report.ByOrganization.Select(o => FormattableString.Invariant($"{o.OrganizationId} {o.People} {o.Bound} {o.Compliant} {o.Due} {o.NotMet}")));
            lines.AddRange(report.ByRuleAndTier.Select(r => FormattableString.Invariant($"{r.Rule.Code} {r.Tier} {r.Bound} {r.Met}")));
            lines.AddRange(report.Monthly.Select(m => FormattableString.Invariant($"{m.Month} {m.Bound} {m.Compliant}")));
        }

        // The dashboard's count of people, as the page shows it.
        var dashboard = await admin.GetStringAsync("/admin");
        lines.Add("dashboard people " + DashboardPeople().Match(dashboard).Groups[1].Value);
        Assert.NotEqual("dashboard people ", lines[^1]);

        foreach (var classId in await db.ClassEnrolments.Where(e => e.PersonId == personId).Select(e => e.ClassId).Distinct().OrderBy(i => i).ToListAsync())
        {
            var summary = (await summaries.OfAsync(classId))!;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"class {classId}: {summary.Enrolment} completed {summary.Completed} attendance {summary.AttendanceMet} {summary.AttendanceRate} {summary.Reflections}"));
            lines.AddRange(summary.Sessions.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.SessionId} {s.Expected} {s.Present} {s.Late} {s.LeftEarly} {s.Rate}")));
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex("data-testid=\"dashboard-people\"[\\s\\S]*?>\\s*([0-9,]+)\\s*<")]
    private static partial Regex DashboardPeople();
}
