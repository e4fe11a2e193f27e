using System.Net;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

public sealed class AdminCatalogueTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private static Dictionary<string, string> Lecturer(string key, string name) => new()
    {
        ["Key"] = key, ["Name"] = name, ["Title"] = "教授", ["Affiliation"] = "测试大学",
        ["Expertise"] = "Law", ["Bio"] = "测试简介",
    };

    private static Dictionary<string, string> Course(string slug, string title) => new()
    {
        ["Slug"] = slug, ["Title"] = title, ["Summary"] = "测试课程简介", ["Topic"] = "Law", ["Format"] = "Online",
        ["Tiers"] = "Leaders", ["CreditHours"] = "1.5", ["Published"] = "true", ["NotesMarkdown"] = "# 讲义",
    };

    private static Task<int> LecturerCountAsync(LearnHubFactory factory) => AdminTestData.QueryAsync(factory, db => db.Lecturers.CountAsync());

    private static Task<int> CourseCountAsync(LearnHubFactory factory) => AdminTestData.QueryAsync(factory, db => db.Courses.CountAsync());

    [Fact]
    public async Task Admin_creates_a_lecturer()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var response = await client.PostAsync("/admin/lecturers/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/lecturers/new", Lecturer("test-lecturer", "测试讲师")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var expertise = await AdminTestData.QueryAsync(factory, db => db.Lecturers.Where(l => l.Key == "test-lecturer").Select(l => l.Expertise).SingleAsync());
        Assert.Equal(LearnHub.Courses.Registry.Lecturers.ExpertiseArea.Law, expertise);
    }

    [Fact]
    public async Task Duplicate_lecturer_key_is_refused_and_nothing_written()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var existing = await AdminTestData.QueryAsync(factory, db => db.Lecturers.Select(l => l.Key).FirstAsync());
        var before = await LecturerCountAsync(factory);
        var response = await client.PostAsync("/admin/lecturers/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/lecturers/new", Lecturer(existing, "重复讲师")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("该标识已被其他讲师使用", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await LecturerCountAsync(factory));
    }

    [Fact]
    public async Task Lecturers_created_without_a_key_get_unique_ones_and_the_list_shows_no_keys()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        foreach (var name in new[] { "无标识讲师甲", "无标识讲师乙" })
        {
            var response = await client.PostAsync("/admin/lecturers/new",
                await LearnHubFactory.FormWithTokenAsync(client, "/admin/lecturers/new", Lecturer("", name)));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var keys = await AdminTestData.QueryAsync(factory, db => db.Lecturers.Where(l => l.Name.StartsWith("无标识讲师"))
            .Select(l => l.Key).ToListAsync());
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.Matches("^lecturer-[0-9]+$", k));
        Assert.NotEqual(keys[0], keys[1]);
        var list = await client.GetStringAsync("/admin/lecturers");
        Assert.Contains("无标识讲师甲", list, StringComparison.Ordinal);
        Assert.DoesNotContain(keys[0], list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_nested_past_the_renderer_limit_is_refused_and_a_stored_one_does_not_break_the_public_page()
    {
        // 131 bytes: 128 nested quotes, which made the public course page fail for everyone.
        var nested = new string('>', 128) + " x";
        var client = await factory.SignInAsync("admin@learnhub.example");
        var refused = await client.PostAsync("/admin/courses/new", await LearnHubFactory.FormWithTokenAsync(client, "/admin/courses/new",
            new Dictionary<string, string>(Course("deep-notes", "嵌套讲义课程")) { ["NotesMarkdown"] = nested }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var form = await refused.Content.ReadAsStringAsync();
        Assert.Contains("嵌套过深", form, StringComparison.Ordinal);
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.Courses.AnyAsync(c => c.Slug == "deep-notes")));

        // A note stored before the check (or by another way in) shows a placeholder sentence, not an error page.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/admin/courses/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/courses/new", Course("deep-notes", "嵌套讲义课程")))).StatusCode);
        await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Slug == "deep-notes")
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.NotesMarkdown, nested)));
        var page = await factory.CreateBrowser().GetAsync("/courses/deep-notes");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("此笔记的格式无法显示", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Courses_created_without_a_slug_get_unique_ones_and_keep_them_when_edited()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var ids = new List<int>();
        foreach (var title in new[] { "无标识课程甲", "无标识课程乙" })
        {
            var response = await client.PostAsync("/admin/courses/new",
                await LearnHubFactory.FormWithTokenAsync(client, "/admin/courses/new", Course("", title)));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            ids.Add(await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Title == title).Select(c => c.Id).SingleAsync()));
        }

        var slugs = await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => ids.Contains(c.Id)).Select(c => c.Slug).ToListAsync());
        Assert.All(slugs, s => Assert.Matches("^course-[0-9]+$", s));
        Assert.NotEqual(slugs[0], slugs[1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/courses/" + slugs[0])).StatusCode);

        var page = $"/admin/courses/{ids[0]}/edit";
        var edited = await client.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(client, page, Course("", "无标识课程甲（修订）")));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(slugs[0], await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Id == ids[0]).Select(c => c.Slug).SingleAsync()));
    }

    [Fact]
    public async Task Admin_creates_a_course_with_a_lesson_shown_on_the_public_page()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var response = await client.PostAsync("/admin/courses/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/courses/new", Course("test-admin-course", "测试管理课程")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var courseId = await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Slug == "test-admin-course").Select(c => c.Id).SingleAsync());

        var lessonPage = $"/admin/courses/{courseId}/lessons/new";
        response = await client.PostAsync(lessonPage, await LearnHubFactory.FormWithTokenAsync(client, lessonPage, new Dictionary<string, string>
        {
            ["Title"] = "第一课：测试课时", ["Minutes"] = "45", ["NotesMarkdown"] = "要点",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await AdminTestData.QueryAsync(factory, db => db.Lessons.Where(l => l.CourseId == courseId).Select(l => l.Order).SingleAsync()));

        var page = await client.GetStringAsync("/courses/test-admin-course");
        Assert.Contains("第一课：测试课时", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_long_course_title_is_refused_and_nothing_written()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var before = await CourseCountAsync(factory);
        var response = await client.PostAsync("/admin/courses/new",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/courses/new", Course("test-long-title", new string('长', 201))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("课程名称过长", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CourseCountAsync(factory));
    }

    [Fact]
    public async Task Trainee_is_denied_the_course_admin()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var response = await client.GetAsync("/admin/courses");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Credit_hours_are_not_typed_in_but_follow_the_lessons_reading_time()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var slug = "test-hours-" + Guid.NewGuid().ToString("N")[..8];
        var form = Course(slug, "学时测试");
        form["CreditHours"] = "50";
        var response = await client.PostAsync("/admin/courses/new", await LearnHubFactory.FormWithTokenAsync(client, "/admin/courses/new", form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var courseId = await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
        Assert.Equal(0m, await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Id == courseId).Select(c => c.CreditHours).SingleAsync()));

        var page = $"/admin/courses/{courseId}/lessons/new";
        response = await client.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(client, page, new Dictionary<string, string>
        {
            ["Title"] = "阅读材料", ["Minutes"] = "40", ["ReadingMinutes"] = "20", ["NotesMarkdown"] = "讲义",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        // 20 minutes of reading is more than 15 and less than 30: the default rules' middle rate.
        Assert.Equal(0.5m, await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Id == courseId).Select(c => c.CreditHours).SingleAsync()));
        var edit = await client.GetStringAsync($"/admin/courses/{courseId}/edit");
        Assert.Contains("value=\"0.5\"", edit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lesson_minutes_out_of_range_are_refused_and_nothing_written()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var courseId = await AdminTestData.QueryAsync(factory, db => db.Courses.Select(c => c.Id).FirstAsync());
        var before = await AdminTestData.QueryAsync(factory, db => db.Lessons.CountAsync());
        var page = $"/admin/courses/{courseId}/lessons/new";
        var response = await client.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(client, page, new Dictionary<string, string>
        {
            ["Title"] = "过长课时", ["Minutes"] = "601",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("时长（分钟）应在 1 到 600 之间", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await AdminTestData.QueryAsync(factory, db => db.Lessons.CountAsync()));
    }

    [Fact]
    public async Task Course_edit_page_lists_lessons_and_links_the_public_page()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var (courseId, slug, lesson) = await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Lessons.Any())
            .Select(c => new ValueTuple<int, string, string>(c.Id, c.Slug, c.Lessons.OrderBy(l => l.Order).Select(l => l.Title).First())).FirstAsync());
        var html = await client.GetStringAsync($"/admin/courses/{courseId}/edit");
        Assert.Contains($"href=\"/courses/{slug}\"", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(lesson), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/lecturers")]
    [InlineData("/admin/lecturers/new")]
    [InlineData("/admin/courses")]
    [InlineData("/admin/courses/new")]
    public async Task Pages_have_no_missing_translations(string path)
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var html = await client.GetStringAsync(path + "?culture=" + culture);
            Assert.Contains(culture == "en" ? ">Lecturers<" : ">师资库<", html, StringComparison.Ordinal);
            Assert.DoesNotMatch(@">\s*(Admin|Validation|ExpertiseArea|CourseTopic|CourseFormat|Tier|OrganizationField)\.[A-Za-z.]+\s*<", html);
        }
    }
}
