using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Courses.Data;
using LearnHub.Media.Assets;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Catalogue;

/// <summary>The lecturer's workspace (/lecturer): their own courses with each lesson's media state, their sessions.</summary>
public sealed class LecturerWorkspaceTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Lecturer = "lecturer@learnhub.example";
    private const string OtherLecturer = "lecturer2@learnhub.example";

    [Fact]
    public async Task The_workspace_lists_only_the_lecturers_own_courses_with_each_lessons_media_state()
    {
        var (own, others) = await CourseTitlesAsync("he-jingwen");
        var uploading = await MediaTestSupport.LessonIdAsync(factory, "pb-three-meetings-one-lesson", 1);
        var failed = await MediaTestSupport.LessonIdAsync(factory, "pb-three-meetings-one-lesson", 2);
        await MediaTestSupport.StoppedUploadAsync(factory, uploading, "第一讲.mp4", 326L * 1024 * 1024, 120L * 1024 * 1024);
        await MediaTestSupport.StoppedUploadAsync(factory, failed, "第二讲.mp4", 10, 10, MediaFailure.NotMedia);

        var html = await (await factory.SignInAsync(Lecturer)).GetStringAsync("/lecturer");

        Assert.NotEmpty(own);
        Assert.All(own, title => Assert.Contains(WebUtility.HtmlEncode(title), html, StringComparison.Ordinal));
        Assert.All(others, title => Assert.DoesNotContain($">{WebUtility.HtmlEncode(title)}<", html, StringComparison.Ordinal));
        Assert.Equal("uploading", StateOf(html, uploading));
        Assert.Contains("上传未完成：36%（120 MB / 326 MB）", html, StringComparison.Ordinal);
        Assert.Equal("failed", StateOf(html, failed));
        Assert.Contains("所选文件不是可识别的视频文件", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/lessons/{uploading}/media\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"workspace-upcoming\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_lecturer_sees_their_own_courses_and_may_not_manage_these_lessons()
    {
        var (own, _) = await CourseTitlesAsync("he-jingwen");
        var lesson = await MediaTestSupport.LessonIdAsync(factory, "pb-three-meetings-one-lesson", 1);
        var other = await factory.SignInAsync(OtherLecturer);

        var html = await other.GetStringAsync("/lecturer");

        Assert.All(own, title => Assert.DoesNotContain($">{WebUtility.HtmlEncode(title)}<", html, StringComparison.Ordinal));
        Assert.DoesNotContain($"/lessons/{lesson}/media", html, StringComparison.Ordinal);
        var refused = await other.GetAsync($"/lessons/{lesson}/media");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/denied", refused.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Trainees_and_visitors_are_kept_out()
    {
        var trainee = await (await factory.SignInAsync("trainee@learnhub.example")).GetAsync("/lecturer");
        Assert.Equal(HttpStatusCode.Redirect, trainee.StatusCode);
        Assert.Equal("/account/denied", trainee.Headers.Location!.AbsolutePath);

        var visitor = await factory.CreateBrowser().GetAsync("/lecturer");
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.Equal("/account/sign-in", visitor.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("zh-CN", "我的课程工作台")]
    [InlineData("en", "My teaching workspace")]
    public async Task The_workspace_speaks_both_languages_and_is_in_the_lecturers_navigation(string culture, string title)
    {
        var html = await (await factory.SignInAsync(Lecturer)).GetStringAsync("/lecturer?culture=" + culture);

        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"nav-workspace\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[>""]Workspace\.[A-Za-z.]+", html);
    }

    [Fact]
    public async Task The_profile_photo_is_chosen_with_the_pages_own_button_not_the_browsers()
    {
        var html = await (await factory.SignInAsync(Lecturer)).GetStringAsync("/lecturer/profile");

        Assert.Contains("class=\"visually-hidden lh-file\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"photo-file\"", html, StringComparison.Ordinal);
        Assert.Contains("选择照片", html, StringComparison.Ordinal);
        Assert.Contains("未选择文件", html, StringComparison.Ordinal);
    }

    private static string StateOf(string html, int lessonId) =>
        Regex.Match(html, $"data-lesson-id=\"{lessonId}\" data-state=\"([a-z]+)\"").Groups[1].Value;

    private async Task<(List<string> Own, List<string> Others)> CourseTitlesAsync(string lecturerKey)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var courses = await db.Courses.Select(c => new { c.Title, Key = c.Lecturer == null ? null : c.Lecturer.Key }).ToListAsync();
        return ([.. courses.Where(c => c.Key == lecturerKey).Select(c => c.Title)], [.. courses.Where(c => c.Key != lecturerKey).Select(c => c.Title)]);
    }
}
