using System.Globalization;
using System.IO.Compression;
using System.Net;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace LearnHub.Web.Tests.Assignments;

/// <summary>
/// From a list to an action: people ticked on the shortfall list or the plan overview are assigned work, reminded or
/// exported with their contact details, inside the user's scope, through the real pages.
/// </summary>
public sealed class SelectionTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Trainee = "trainee@learnhub.example";
    private const string Supervisor = "supervisor@learnhub.example";
    private const string Contact = "contact@learnhub.example";

    private int Year => factory.Programme.Year;

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<T> DbAsync<T>(Func<CoursesDbContext, Task<T>> query) => WithAsync(services => query(services.GetRequiredService<CoursesDbContext>()));

    /// <summary>The trainee, another person of the supervisor's unit, and a person of another unit.</summary>
    private Task<(int Trainee, int Colleague, int Outside, int OrganizationId)> PeopleAsync() => WithAsync(async services =>
    {
        var accounts = services.GetRequiredService<UserManager<AppUser>>();
        var trainee = (await accounts.FindByEmailAsync(Trainee))!;
        var unit = (await accounts.FindByEmailAsync(Supervisor))!.SupervisingUnitId;
        var db = services.GetRequiredService<CoursesDbContext>();
        var organization = await db.People.Where(p => p.Id == trainee.PersonId).Select(p => p.OrganizationId).SingleAsync();
        var colleague = await db.People.Where(p => p.Id != trainee.PersonId && p.Organization!.SupervisingUnitId == unit).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var outside = await db.People.Where(p => p.Organization!.SupervisingUnitId != unit).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        return (trainee.PersonId!.Value, colleague, outside, organization);
    });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string tokenPage, string action, IEnumerable<(string Key, string Value)> fields)
    {
        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync(tokenPage));
        var pairs = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await client.PostAsync(action, new FormUrlEncodedContent(pairs));
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(int Id, string Title)> CourseAsync(int offset) => await DbAsync(db => db.Courses.Where(c => c.Published).OrderByDescending(c => c.Id)
        .Skip(offset).Select(c => new ValueTuple<int, string>(c.Id, c.Title)).FirstAsync());

    [Fact]
    public async Task A_supervisor_ticks_people_assigns_a_course_and_they_see_it_and_are_told()
    {
        var (trainee, colleague, outside, _) = await PeopleAsync();
        var (courseId, title) = await CourseAsync(0);
        var supervisor = await factory.SignInAsync(Supervisor);
        var ticked = new[] { ("List", "Shortfalls"), ("Year", Id(Year)), ("People", Id(trainee)), ("People", Id(colleague)), ("People", Id(outside)) };

        // The list's button opens a page naming the chosen people: the one outside the unit is silently not among them.
        var page = await PostAsync(supervisor, "/supervision", "/supervision/selection", ticked.Append(("act", "Assign")));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("已选择 2 人", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"name=\"People\" value=\"{outside}\"", html, StringComparison.Ordinal);

        // Refused without the work: the same page, the due date as typed, the people still chosen.
        var due = factory.Programme.Today.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var refused = await PostAsync(supervisor, "/supervision", "/supervision/selection/assign", ticked.Append(("DueOn", due)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var again = await refused.Content.ReadAsStringAsync();
        Assert.Contains("请选择指派内容", again, StringComparison.Ordinal);
        Assert.Contains($"value=\"{due}\"", again, StringComparison.Ordinal);
        Assert.Contains($"name=\"People\" value=\"{trainee}\"", again, StringComparison.Ordinal);

        var done = await PostAsync(supervisor, "/supervision", "/supervision/selection/assign", ticked.Append(("DueOn", due)).Append(("What", $"course:{courseId}")));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.StartsWith($"/supervision?year={Year}", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var targets = await DbAsync(db => db.SupervisorAssignments.Where(a => a.CourseId == courseId).SelectMany(a => a.Targets)
            .Where(t => t.PersonId != null).Select(t => t.PersonId!.Value).ToListAsync());
        Assert.Contains(trainee, targets);
        Assert.Contains(colleague, targets);
        Assert.DoesNotContain(outside, targets);

        var person = await factory.SignInAsync(Trainee);
        var learning = await person.GetStringAsync("/my/learning?culture=zh-CN");
        Assert.Contains($"data-kind=\"Course\" data-target-id=\"{courseId}\"", learning, StringComparison.Ordinal);
        Assert.Contains($"新的学习任务：{title}", await person.GetStringAsync("/notifications?culture=zh-CN"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_reaches_each_chosen_person_once_a_day()
    {
        var (trainee, _, _, _) = await PeopleAsync();
        var supervisor = await factory.SignInAsync(Supervisor);
        var fields = new[] { ("List", "Plans"), ("Year", Id(Year)), ("People", Id(trainee)) };
        var preview = await (await PostAsync(supervisor, "/supervision/plans", "/supervision/selection", fields.Append(("act", "Remind")))).Content.ReadAsStringAsync();
        Assert.Contains($"{Year} 年度培训尚未达标", preview, StringComparison.Ordinal);

        var first = await PostAsync(supervisor, "/supervision/plans", "/supervision/selection/remind", fields);
        Assert.Equal($"/supervision/plans?year={Year}", first.Headers.Location!.OriginalString);
        Assert.Contains("已向 1 人发送提醒", await supervisor.GetStringAsync("/supervision/plans"), StringComparison.Ordinal);
        await PostAsync(supervisor, "/supervision/plans", "/supervision/selection/remind", fields);
        Assert.Contains("今天已经提醒过", await supervisor.GetStringAsync("/supervision/plans"), StringComparison.Ordinal);

        var userId = await WithAsync(async services => (await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Trainee))!.Id);
        Assert.Equal(1, await DbAsync(db => db.Notifications.CountAsync(n => n.UserId == userId && n.MessageKey == "Notice.Shortfall")));
    }

    [Fact]
    public async Task All_matching_the_filter_exports_the_whole_list_with_contact_details_and_one_file_per_organization()
    {
        var (_, _, _, organizationId) = await PeopleAsync();
        var supervisor = await factory.SignInAsync(Supervisor);
        var shortfalls = await supervisor.GetStringAsync($"/supervision?year={Year}&organization={organizationId}");
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(shortfalls, "data-testid=\"shortfall-count\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(count > 0);

        var all = new[] { ("List", "Shortfalls"), ("Year", Id(Year)), ("Organization", Id(organizationId)), ("All", "true") };
        var export = await PostAsync(supervisor, "/supervision", "/supervision/selection", all.Append(("act", "Export")));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType!.MediaType);
        await using (var stream = await export.Content.ReadAsStreamAsync())
        {
            var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Equal(count, rows.Count);
            Assert.All(rows, r => Assert.Matches("^1\\d{10}$", r["手机号"]?.ToString() ?? ""));
        }

        // The whole province's list of a unit, one workbook per organization, each holding only its own people.
        var zip = await supervisor.GetAsync($"/supervision/export.zip?year={Year}");
        Assert.Equal("application/zip", zip.Content.Headers.ContentType!.MediaType);
        using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
        Assert.True(archive.Entries.Count > 1);
        foreach (var entry in archive.Entries)
        {
            await using var file = entry.Open();
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy);
            copy.Position = 0;
            var organizations = copy.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Select(r => r["社会组织"]?.ToString()).Distinct().ToList();
            Assert.Equal(Path.GetFileNameWithoutExtension(entry.Name), Assert.Single(organizations));
        }
    }

    [Fact]
    public async Task A_contact_person_may_remind_and_export_their_organization_but_not_assign()
    {
        var (trainee, _, _, _) = await PeopleAsync();
        var contact = await factory.SignInAsync(Contact);
        var plans = await contact.GetStringAsync("/supervision/plans");
        Assert.DoesNotContain("data-testid=\"selection-assign\"", plans, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"selection-remind\"", plans, StringComparison.Ordinal);

        var fields = new[] { ("List", "Plans"), ("Year", Id(Year)), ("People", Id(trainee)) };
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(contact, "/supervision/plans", "/supervision/selection", fields.Append(("act", "Assign")))).StatusCode);
        var (courseId, _) = await CourseAsync(1);
        var direct = await PostAsync(contact, "/supervision/plans", "/supervision/selection/assign",
            fields.Append(("What", $"course:{courseId}")).Append(("DueOn", factory.Programme.Today.AddDays(5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        Assert.Equal("/account/denied", direct.Headers.Location?.AbsolutePath);
        Assert.False(await DbAsync(db => db.SupervisorAssignments.AnyAsync(a => a.CourseId == courseId && a.Targets.Any(t => t.PersonId == trainee))));
    }

    [Fact]
    public async Task The_lists_offer_ticks_and_the_full_exports_carry_contact_details()
    {
        var supervisor = await factory.SignInAsync(Supervisor);
        var html = await supervisor.GetStringAsync($"/supervision?year={Year}");
        Assert.Contains("data-testid=\"select-person\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"select-all-matching\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"select-person\"", await supervisor.GetStringAsync($"/supervision/plans?year={Year}"), StringComparison.Ordinal);

        var csv = await supervisor.GetStringAsync($"/supervision/export.csv?year={Year}&culture=zh-CN");
        Assert.StartsWith("姓名,手机号,电子邮箱,社会组织", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var plans = await supervisor.GetStringAsync($"/supervision/plans/export.csv?year={Year}&culture=zh-CN");
        Assert.Contains("手机号", plans.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal("application/zip", (await supervisor.GetAsync($"/supervision/plans/export.zip?year={Year}")).Content.Headers.ContentType!.MediaType);
    }
}
