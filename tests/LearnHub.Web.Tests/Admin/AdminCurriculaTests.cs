using System.Net;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

/// <summary>Curricula per tier and year, edited by an administrator on the demo data.</summary>
public sealed class AdminCurriculaTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    /// <summary>The programme year of the test clock; the demo has curricula for it and the year before.</summary>
    private int Year => factory.Programme.Year;

    private static Task<int> CurriculumIdAsync(LearnHubFactory factory, Tier tier, int year) =>
        AdminTestData.QueryAsync(factory, db => db.Curricula.Where(c => c.Tier == tier && c.Year == year).Select(c => c.Id).SingleAsync());

    [Theory]
    [InlineData("/admin/curricula")]
    [InlineData("/admin/curricula/new")]
    public async Task Pages_have_no_missing_translations(string path)
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var id = await CurriculumIdAsync(factory, Tier.Leaders, Year);
        foreach (var page in new[] { path, $"/admin/curricula/{id}", $"/admin/curricula/{id}/edit" })
        {
            foreach (var culture in new[] { "zh-CN", "en" })
            {
                var html = await client.GetStringAsync(page + "?culture=" + culture);
                Assert.Contains(culture == "en" ? ">Curricula<" : ">培训方案<", html, StringComparison.Ordinal);
                Assert.DoesNotMatch(@">\s*(Admin|Validation|Learning|Course|Tier)\.[A-Za-z.]+\s*<", html);
            }
        }
    }

    [Fact]
    public async Task The_demo_curricula_show_required_courses_and_elective_pools()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var html = await client.GetStringAsync($"/admin/curricula/{await CurriculumIdAsync(factory, Tier.Leaders, Year)}");
        Assert.Contains("党的理论与廉洁从业选修", html, StringComparison.Ordinal);
        Assert.Contains("组织发展阶段与领域实务选修", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("data-testid=\"pool\"").Length - 1);
    }

    [Fact]
    public async Task Pools_and_courses_are_added_and_removed_and_a_course_sits_in_one_place()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var id = await CurriculumIdAsync(factory, Tier.Staff, Year);
        var page = $"/admin/curricula/{id}";

        var response = await client.PostAsync($"{page}/pools", await LearnHubFactory.FormWithTokenAsync(client, page,
            new Dictionary<string, string> { ["Title"] = "志愿服务实务选修", ["HourTarget"] = "1" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var poolId = await AdminTestData.QueryAsync(factory, db => db.Set<ElectivePool>().Where(p => p.CurriculumId == id && p.Title == "志愿服务实务选修").Select(p => p.Id).SingleAsync());

        var (courseId, requiredId) = await AdminTestData.QueryAsync(factory, async db => (
            await db.Courses.Where(c => !db.Set<CurriculumCourse>().Any(cc => cc.CurriculumId == id && cc.CourseId == c.Id)).Select(c => c.Id).FirstAsync(),
            await db.Set<CurriculumCourse>().Where(cc => cc.CurriculumId == id && cc.Required).Select(cc => cc.CourseId).FirstAsync()));
        response = await client.PostAsync($"{page}/courses", await LearnHubFactory.FormWithTokenAsync(client, page,
            new Dictionary<string, string> { ["courseId"] = $"{courseId}", ["poolId"] = $"{poolId}" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(poolId, await AdminTestData.QueryAsync(factory, db => db.Set<CurriculumCourse>().Where(cc => cc.CurriculumId == id && cc.CourseId == courseId).Select(cc => cc.ElectivePoolId).SingleAsync()));

        // A required course cannot also be an elective of the same curriculum.
        await client.PostAsync($"{page}/courses", await LearnHubFactory.FormWithTokenAsync(client, page,
            new Dictionary<string, string> { ["courseId"] = $"{requiredId}", ["poolId"] = $"{poolId}" }));
        Assert.Contains("该课程已在本方案中", await client.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(1, await AdminTestData.QueryAsync(factory, db => db.Set<CurriculumCourse>().CountAsync(cc => cc.CurriculumId == id && cc.CourseId == requiredId)));

        response = await client.PostAsync($"{page}/pools/{poolId}/remove", await LearnHubFactory.FormWithTokenAsync(client, page, []));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.Set<CurriculumCourse>().AnyAsync(cc => cc.CurriculumId == id && cc.CourseId == courseId)));
        Assert.True(await AdminTestData.QueryAsync(factory, db => db.Courses.AnyAsync(c => c.Id == courseId)));
    }

    [Fact]
    public async Task A_session_of_the_year_is_required_shows_on_a_secretarys_plan_and_another_years_session_is_refused()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var id = await CurriculumIdAsync(factory, Tier.Secretaries, Year);
        var page = $"/admin/curricula/{id}";
        var year = Year;
        var (sessionId, topic, otherYear) = await AdminTestData.QueryAsync(factory, async db =>
        {
            var session = await db.LectureHallSessions.Where(s => s.Date.Year == year).OrderByDescending(s => s.Date).Select(s => new { s.Id, s.Topic }).FirstAsync();
            var other = await db.LectureHallSessions.Where(s => s.Date.Year != year).Select(s => (int?)s.Id).FirstOrDefaultAsync();
            return (session.Id, session.Topic, other);
        });

        var response = await client.PostAsync($"{page}/sessions", await LearnHubFactory.FormWithTokenAsync(client, page,
            new Dictionary<string, string> { ["sessionId"] = $"{sessionId}" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await client.GetStringAsync(page);
        Assert.Contains(topic, html.Split("data-testid=\"required-sessions\"")[1].Split("</section>")[0], StringComparison.Ordinal);

        // The demo secretary's plan carries it, due on the session's day.
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        Assert.Contains(topic, await trainee.GetStringAsync("/my/learning"), StringComparison.Ordinal);

        if (otherYear is { } otherId)
        {
            await client.PostAsync($"{page}/sessions", await LearnHubFactory.FormWithTokenAsync(client, page,
                new Dictionary<string, string> { ["sessionId"] = $"{otherId}" }));
            Assert.False(await AdminTestData.QueryAsync(factory, db => db.Set<CurriculumSession>().AnyAsync(s => s.CurriculumId == id && s.SessionId == otherId)));
        }

        response = await client.PostAsync($"{page}/sessions/{sessionId}/remove", await LearnHubFactory.FormWithTokenAsync(client, page, []));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.Set<CurriculumSession>().AnyAsync(s => s.CurriculumId == id)));
    }

    [Theory]
    [InlineData("   ", "1", "请填写课程组名称")]
    [InlineData("新课程组", "0", "需修学时应在 0.25 到 500 之间")]
    public async Task A_bad_pool_is_refused_with_its_reason_and_nothing_is_written(string title, string hours, string message)
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var id = await CurriculumIdAsync(factory, Tier.Members, Year);
        var page = $"/admin/curricula/{id}";
        var before = await AdminTestData.QueryAsync(factory, db => db.Set<ElectivePool>().CountAsync());
        var response = await client.PostAsync($"{page}/pools", await LearnHubFactory.FormWithTokenAsync(client, page,
            new Dictionary<string, string> { ["Title"] = title, ["HourTarget"] = hours }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(message, await client.GetStringAsync(page), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.QueryAsync(factory, db => db.Set<ElectivePool>().CountAsync()));
    }

    [Fact]
    public async Task A_second_curriculum_for_the_same_tier_and_year_is_refused()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var before = await AdminTestData.QueryAsync(factory, db => db.Curricula.CountAsync());
        var response = await client.PostAsync("/admin/curricula/new", await LearnHubFactory.FormWithTokenAsync(client, "/admin/curricula/new",
            new Dictionary<string, string> { ["Tier"] = "Members", ["Year"] = $"{Year}", ["Title"] = "重复方案", ["HourTarget"] = "10" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"{Year} 年度已有“党员”层级的培训方案", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.QueryAsync(factory, db => db.Curricula.CountAsync()));
    }
}

/// <summary>Copying a year is tested on its own database so the new year does not leak into other tests.</summary>
public sealed class CurriculumCopyTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private int Year => factory.Programme.Year;

    [Fact]
    public async Task Next_year_starts_as_a_copy_and_copying_again_adds_nothing()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var form = await LearnHubFactory.FormWithTokenAsync(client, $"/admin/curricula?year={Year}", new Dictionary<string, string> { ["fromYear"] = $"{Year}" });
        var response = await client.PostAsync("/admin/curricula/copy", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains($"已为 {Year + 1} 年度创建 4 个培训方案", await client.GetStringAsync($"/admin/curricula?year={Year + 1}"), StringComparison.Ordinal);

        var year = Year;
        var (source, copy) = await AdminTestData.QueryAsync(factory, async db => (
            await db.Curricula.Include(c => c.Courses).Include(c => c.Pools).SingleAsync(c => c.Year == year && c.Tier == Tier.Leaders),
            await db.Curricula.Include(c => c.Courses).ThenInclude(c => c.Pool).Include(c => c.Pools).SingleAsync(c => c.Year == year + 1 && c.Tier == Tier.Leaders)));
        Assert.Equal($"{year + 1}年社会组织负责人培训方案", copy.Title);
        Assert.Equal(source.HourTarget, copy.HourTarget);
        Assert.Equal(source.Courses.Where(c => c.Required).Select(c => c.CourseId).Order(), copy.Courses.Where(c => c.Required).Select(c => c.CourseId).Order());
        Assert.Equal(source.Pools.Select(p => (p.Title, p.HourTarget)), copy.Pools.OrderBy(p => p.Order).Select(p => (p.Title, p.HourTarget)));
        Assert.All(copy.Courses.Where(c => !c.Required), c => Assert.Equal(copy.Id, c.Pool!.CurriculumId));

        form = await LearnHubFactory.FormWithTokenAsync(client, $"/admin/curricula?year={Year}", new Dictionary<string, string> { ["fromYear"] = $"{Year}" });
        await client.PostAsync("/admin/curricula/copy", form);
        Assert.Equal(4, await AdminTestData.QueryAsync(factory, db => db.Curricula.CountAsync(c => c.Year == year + 1)));
    }
}
