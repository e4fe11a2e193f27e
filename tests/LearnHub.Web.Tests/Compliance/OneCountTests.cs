using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace LearnHub.Web.Tests.Compliance;

/// <summary>
/// One person's plan and standing read from every place that shows them — the trainee's own page, the supervisor's
/// plan page and completion overview, the .xlsx and .csv exports and /api/v1/reports/compliance — must give the same
/// numbers. The trainee's plan holds two lecture-hall sessions that passed without them (one with a published
/// replay, one followed by a later session of its series) and a course past its due date, all dated from the test
/// clock.
/// </summary>
public sealed partial class OneCountTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>, IAsyncLifetime
{
    private const string Trainee = "trainee@learnhub.example";
    private const string Supervisor = "supervisor@learnhub.example";

    private int _personId;
    private int _organizationId;
    private string _name = "";
    private int _replayed;
    private int _followed;
    private int _upcoming;
    private string _replaySlug = "";

    private int Year => factory.Programme.Year;

    public async Task InitializeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Trainee);
        var db = services.GetRequiredService<CoursesDbContext>();
        _personId = user!.PersonId!.Value;
        (_organizationId, _name) = await db.People.Where(p => p.Id == _personId).Select(p => ValueTuple.Create(p.OrganizationId, p.Name)).SingleAsync();
        var today = factory.Programme.Today;
        var series = await db.LectureHallSeries.Include(s => s.Sessions).SingleOrDefaultAsync(s => s.Title == "计数测试讲堂");
        if (series is not null)
        {
            // Set up by an earlier test of the class: the same app and data.
            var ids = series.Sessions.OrderBy(s => s.Number).Select(s => s.Id).ToList();
            (_replayed, _followed, _upcoming) = (ids[0], ids[1], ids[2]);
            _replaySlug = LiveReplay.CourseSlug(_replayed);
            return;
        }

        series = new LectureHallSeries { Title = "计数测试讲堂", Year = Year };
        LectureHallSession Session(int number, DateOnly date)
        {
            var session = new LectureHallSession();
            session.Schedule(number, date, new TimeOnly(14, 30), new TimeOnly(16, 30), $"计数测试第{number}讲", null, null, "省社会组织服务中心", hasLiveRoom: true);
            session.SetAudience(100, Tier.None, OrganizationField.None, [_organizationId]);
            series.Sessions.Add(session);
            return session;
        }

        var replayed = Session(1, today.AddDays(-20));
        var followed = Session(2, today.AddDays(-1));
        var upcoming = Session(3, today.AddDays(30));
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        (_replayed, _followed, _upcoming) = (replayed.Id, followed.Id, upcoming.Id);

        var replays = services.GetRequiredService<LiveReplays>();
        var lessonId = await replays.LessonForAsync(_replayed, CancellationToken.None);
        Assert.True(await replays.PublishAsync(_replayed, CancellationToken.None));
        _replaySlug = await db.Courses.Where(c => c.Lessons.Any(l => l.Id == lessonId)).Select(c => c.Slug).SingleAsync();

        // A course assigned with a due date already past: overdue, unlike the sessions.
        var onPlan = (await services.GetRequiredService<PlanQueries>().ForPersonAsync(_personId, Year, CancellationToken.None))!.Plan.Items
            .Where(i => i.Kind == PlanItemKind.Course).Select(i => i.TargetId).ToList();
        var course = await db.Courses.Where(c => c.Published && !onPlan.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var assignment = new SupervisorAssignment { CourseId = course, DueOn = today.AddDays(-3), AssignedBy = "test", AssignedAt = factory.Clock.GetUtcNow() };
        assignment.Targets.Add(new AssignmentTarget { PersonId = _personId });
        db.SupervisorAssignments.Add(assignment);
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_trainee_the_supervisor_the_exports_and_the_api_show_the_same_plan_counts()
    {
        var trainee = await factory.SignInAsync(Trainee);
        var supervisor = await factory.SignInAsync(Supervisor);

        var mine = Counts(await trainee.GetStringAsync("/my/learning?culture=zh-CN"));
        var supervisorPage = Counts(await supervisor.GetStringAsync($"/supervision/plans/{_personId}?year={Year}&culture=zh-CN"));

        var csv = Encoding.UTF8.GetString(await supervisor.GetByteArrayAsync($"/supervision/plans/export.csv?year={Year}&culture=zh-CN")).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("社会组织,层级,姓名,手机号,电子邮箱,状态,方案项目完成,待完成项目,逾期项目,错过场次,达标情况", lines[0]);
        var csvRows = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[2] == _name).ToList();
        Assert.NotEmpty(csvRows);

        using var xlsxStream = new MemoryStream(await supervisor.GetByteArrayAsync($"/supervision/plans/export.xlsx?year={Year}&culture=zh-CN"));
        var xlsxRows = xlsxStream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Where(r => r["姓名"]?.ToString() == _name)
            .Select(r => new[] { "方案项目完成", "待完成项目", "逾期项目", "错过场次" }.Select(h => r[h]?.ToString() ?? "").ToArray())
            .ToList();
        Assert.Equal(csvRows.Count, xlsxRows.Count);

        var api = await ApiPersonAsync($"/api/v1/reports/compliance?year={Year}");
        var plan = api.GetProperty("plan");
        var fromApi = new PlanCounts(plan.GetProperty("total").GetInt32(), plan.GetProperty("done").GetInt32(), plan.GetProperty("open").GetInt32(),
            plan.GetProperty("overdue").GetInt32(), plan.GetProperty("missed").GetInt32());

        Assert.Equal(mine, supervisorPage);
        Assert.Equal(mine, fromApi);
        // Each tier's line carries the person's one plan count, in the .csv and the .xlsx alike.
        Assert.All(csvRows, c => Assert.Equal(Cells(mine), c[6..10]));
        Assert.All(xlsxRows, c => Assert.Equal(Cells(mine), c));
        Assert.True(mine.Missed >= 2, $"two sessions passed without the person, counted {mine.Missed}");
        Assert.True(mine.Overdue >= 1, $"a course is past its due date, counted {mine.Overdue}");

        // The completion overview's badges, where the person is listed as not complete, are the same numbers.
        var overview = await supervisor.GetStringAsync($"/supervision/plans?year={Year}&culture=zh-CN");
        foreach (Match listed in Regex.Matches(overview, $"data-testid=\"plan-person\" data-person-id=\"{_personId}\" data-overdue=\"(\\d+)\" data-missed=\"(\\d+)\""))
        {
            Assert.Equal((mine.Overdue, mine.Missed), (int.Parse(listed.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(listed.Groups[2].Value, CultureInfo.InvariantCulture)));
        }

        // The person's standing on the supervisor's plan page and in the plan export is the API's.
        var status = Regex.Match(await supervisor.GetStringAsync($"/supervision/plans/{_personId}?year={Year}"), "data-testid=\"person-compliance\" data-status=\"(\\w*)\"").Groups[1].Value;
        Assert.Equal(StatusOf(api), status);
        var statusText = new Dictionary<string, string> { ["Met"] = "已达标", ["Due"] = "待完成", ["NotMet"] = "未达标", [""] = "无适用的培训要求" }[status];
        Assert.All(csvRows, c => Assert.Equal(statusText, c[10]));
    }

    [Fact]
    public async Task A_session_that_passed_without_the_trainee_is_missed_and_shows_what_replaces_it()
    {
        var trainee = await factory.SignInAsync(Trainee);
        var supervisor = await factory.SignInAsync(Supervisor);
        foreach (var page in new[]
        {
            await trainee.GetStringAsync("/my/learning?culture=zh-CN"),
            await supervisor.GetStringAsync($"/supervision/plans/{_personId}?year={Year}&culture=zh-CN"),
        })
        {
            Assert.Contains($"data-kind=\"Session\" data-target-id=\"{_replayed}\" data-state=\"Missed\"", page, StringComparison.Ordinal);
            Assert.Contains($"data-kind=\"Session\" data-target-id=\"{_followed}\" data-state=\"Missed\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain($"data-target-id=\"{_replayed}\" data-state=\"Overdue\"", page, StringComparison.Ordinal);
            Assert.Contains("已错过", page, StringComparison.Ordinal);
            // The replay course for the first, the series' next session for the second, each with its link.
            Assert.Matches(new Regex($"data-testid=\"replacement\" data-kind=\"Course\" data-target-id=\"\\d+\">\\s*<span>可改看回放：</span> <a href=\"/courses/{_replaySlug}\""), page);
            Assert.Matches(new Regex($"data-testid=\"replacement\" data-kind=\"Session\" data-target-id=\"{_upcoming}\">\\s*<span>可改参加下一场（[0-9-]+）：</span> <a href=\"/lecture-hall/sessions/{_upcoming}\""), page);
        }

        var english = await trainee.GetStringAsync("/my/learning?culture=en");
        Assert.Contains("Watch the replay instead:", english, StringComparison.Ordinal);
        Assert.Contains("Attend the next session instead (", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_heading_counts_the_people_it_lists_and_its_organization_column_counts_the_same_people()
    {
        var supervisor = await factory.SignInAsync(Supervisor);
        var page = await supervisor.GetStringAsync($"/supervision?year={Year}&organization={_organizationId}&culture=zh-CN");

        var heading = int.Parse(Regex.Match(page, "data-testid=\"shortfall-count\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(heading, 1, 50); // one page: every listed person is on it
        Assert.Contains("尚未达标人员", page, StringComparison.Ordinal);
        var listed = Regex.Matches(page, "data-testid=\"shortfall\" data-person-id=\"(\\d+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(heading, listed.Count);
        Assert.Equal(heading, Regex.Count(page, "data-testid=\"shortfall-person\""));
        var column = Regex.Matches(page, "data-testid=\"organization-falls-short\">(\\d+)<").Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(heading, column);
        var bound = int.Parse(Regex.Match(page, "data-testid=\"bound-count\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);
        var compliant = int.Parse(Regex.Match(page, "data-testid=\"compliant-count\">(\\d+)<").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(bound - compliant, heading);

        // The export lists the same people, and the API counts them the same way.
        var csv = Encoding.UTF8.GetString(await supervisor.GetByteArrayAsync($"/supervision/export.csv?year={Year}&organization={_organizationId}")).TrimStart('\uFEFF');
        Assert.Equal(heading, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());
        using var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), $"/api/v1/reports/compliance?year={Year}&organizationId={_organizationId}",
            await TokenAsync(Supervisor));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(heading, body.RootElement.GetProperty("fallsShort").GetInt32());
        Assert.Equal(heading, body.RootElement.GetProperty("people").EnumerateArray().Count(p => p.GetProperty("fallsShort").GetBoolean()));
        Assert.Equal(listed.Order(StringComparer.Ordinal), body.RootElement.GetProperty("people").EnumerateArray()
            .Where(p => p.GetProperty("fallsShort").GetBoolean()).Select(p => p.GetProperty("personId").GetInt32().ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }

    private static string[] Cells(PlanCounts c) =>
        [$"{c.Done}/{c.Total}", .. new[] { c.Open, c.Overdue, c.Missed }.Select(n => n.ToString(CultureInfo.InvariantCulture))];

    private static PlanCounts Counts(string page)
    {
        var m = SummaryPattern().Match(page);
        Assert.True(m.Success, "the page shows the plan's counts");
        int At(string name) => int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        return new PlanCounts(At("total"), At("done"), At("open"), At("overdue"), At("missed"));
    }

    [GeneratedRegex("data-testid=\"plan-summary\" data-total=\"(?<total>\\d+)\" data-done=\"(?<done>\\d+)\" data-open=\"(?<open>\\d+)\"\\s+data-overdue=\"(?<overdue>\\d+)\" data-missed=\"(?<missed>\\d+)\"")]
    private static partial Regex SummaryPattern();

    private static string StatusOf(JsonElement person)
    {
        var status = person.GetProperty("status");
        return status.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.Number => ((ComplianceStatus)status.GetInt32()).ToString(),
            _ => status.GetString() ?? "",
        };
    }

    private async Task<JsonElement> ApiPersonAsync(string path)
    {
        using var response = await OidcClient.GetWithTokenAsync(factory.CreateClient(), path, await TokenAsync(Supervisor));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("personId").GetInt32() == _personId).Clone();
    }

    private Task<string> TokenAsync(string email) => OidcClient.AccessTokenAsync(factory, email);
}
