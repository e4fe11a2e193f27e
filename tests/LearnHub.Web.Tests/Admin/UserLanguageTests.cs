using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Admin;

/// <summary>
/// What users see is in their language and free of internal keys: MVC's own messages about bad input, the file
/// buttons, the ledger's references.
/// </summary>
public sealed partial class UserLanguageTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<(HttpClient Admin, string Page, Dictionary<string, string> Fields)> RuleFormAsync(string culture)
    {
        int setId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            setId = (await scope.ServiceProvider.GetRequiredService<RuleBook>().ActiveAsync(2027)).Id;
        }

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var page = $"/admin/rules/{setId}?culture={culture}";
        var fields = Field().Matches(await admin.GetStringAsync(page))
            .Where(m => !m.Groups[1].Value.StartsWith("__", StringComparison.Ordinal))
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value);
        return (admin, page, fields);
    }

    [GeneratedRegex("name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex Field();

    [Theory]
    [InlineData("zh-CN", "此项不能为空")]
    [InlineData("en", "This field cannot be empty")]
    public async Task A_cleared_number_field_on_the_rules_form_is_refused_in_the_users_language(string culture, string message)
    {
        var (admin, page, fields) = await RuleFormAsync(culture);
        fields["LongMinutes"] = "";
        var response = await admin.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(admin, page, fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("is invalid", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_in_a_decimal_field_is_refused_in_chinese()
    {
        var (admin, page, fields) = await RuleFormAsync("zh-CN");
        fields["HoursPerDay"] = "八";
        var response = await admin.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(admin, page, fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("“八”不是有效的每个培训日折算学时", html, StringComparison.Ordinal);
        Assert.DoesNotContain("is not valid for", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browsers_checks_carry_chinese_messages()
    {
        var (admin, page, _) = await RuleFormAsync("zh-CN");
        var rules = WebUtility.HtmlDecode(await admin.GetStringAsync(page));
        Assert.Contains("data-val-number=\"每个培训日折算学时应为数字。\"", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("must be a number", rules, StringComparison.Ordinal);
        var html = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/courses/new"));
        Assert.Contains("data-val-required=\"请填写已发布。\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("field is required", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "选择文件", "未选择文件")]
    [InlineData("en", "Choose a file", "No file chosen")]
    public async Task The_import_forms_file_button_speaks_the_users_language(string culture, string button, string none)
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var html = await admin.GetStringAsync($"/admin/import?culture={culture}");
        Assert.Contains("class=\"visually-hidden lh-file\"", html, StringComparison.Ordinal);
        Assert.Contains($"for=\"file\">{button}</label>", html, StringComparison.Ordinal);
        Assert.Contains($">{none}</span>", html, StringComparison.Ordinal);
        Assert.Contains("file-picker.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_lines_name_the_course_and_session_not_their_keys()
    {
        int personId, courseId, sessionId;
        string course, series;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            personId = await db.People.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            (courseId, course) = await db.Courses.OrderBy(c => c.Id).Select(c => ValueTuple.Create(c.Id, c.Title)).FirstAsync();
            (sessionId, series) = await db.LectureHallSessions.OrderBy(s => s.Id).Select(s => ValueTuple.Create(s.Id, s.Series!.Title)).FirstAsync();
            var ledger = scope.ServiceProvider.GetRequiredService<TrainingLedger>();
            foreach (var reference in new[] { LedgerReference.ForCourse(courseId), LedgerReference.ForSession(sessionId) })
            {
                await ledger.CreditAsync(new LedgerCredit(personId, new DateOnly(2027, 3, 1), 1m, LedgerSource.ManualAdjustment, false,
                    reference.Value, null, "台账标题测试", TrainingLedger.System));
            }
        }

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var html = WebUtility.HtmlDecode(await admin.GetStringAsync($"/supervision/people/{personId}?year=2027"));
        var shown = LedgerReferenceText().Matches(html).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Contains(course, shown);
        Assert.Contains(shown, s => s.StartsWith(series, StringComparison.Ordinal));
        Assert.DoesNotContain($"course:{courseId}", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"session:{sessionId}", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-testid=\"ledger-reference\">([^<]*)<")]
    private static partial Regex LedgerReferenceText();
}
