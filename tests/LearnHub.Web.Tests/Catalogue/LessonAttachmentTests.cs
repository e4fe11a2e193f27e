using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LearnHub.Courses.Data;
using LearnHub.Web.Features.Catalogue.Attachments;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Catalogue;

/// <summary>A lesson's attachments: added and removed by who manages the lesson, downloaded by who may watch it.</summary>
public sealed class LessonAttachmentTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Course = "pb-organization-building";

    private static readonly byte[] Docx = [0x50, 0x4B, 0x03, 0x04, .. Encoding.ASCII.GetBytes("word/document.xml stands in for a real package")];

    [Fact]
    public async Task The_lecturer_adds_a_file_a_trainee_downloads_it_under_its_own_name_and_the_lecturer_removes_it()
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, Course, 2);
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");

        var added = await UploadAsync(lecturer, lesson, Docx, "C:\\资料\\发展党员<流程>.docx");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await lecturer.GetStringAsync($"/lessons/{lesson}/media");
        Assert.Contains("附件已添加", page, StringComparison.Ordinal);
        Assert.Contains("发展党员_流程_.docx", page, StringComparison.Ordinal);
        var id = await IdOfAsync(lesson, "发展党员_流程_.docx");

        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var course = await trainee.GetStringAsync($"/courses/{Course}");
        Assert.Contains($"href=\"/lessons/{lesson}/attachments/{id}\"", course, StringComparison.Ordinal);
        var download = await trainee.GetAsync($"/lessons/{lesson}/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Docx, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("发展党员_流程_.docx", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var removed = await lecturer.PostAsync($"/lessons/{lesson}/attachments/{id}/delete",
            await LearnHubFactory.FormWithTokenAsync(lecturer, $"/lessons/{lesson}/media", []));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync($"/lessons/{lesson}/attachments/{id}")).StatusCode);
        Assert.DoesNotContain("发展党员_流程_.docx", await lecturer.GetStringAsync($"/lessons/{lesson}/media"), StringComparison.Ordinal);
        var folder = Path.Combine(factory.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["LearnHub:DataPath"]!, "attachments");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Theory]
    [InlineData("setup.exe", "MZ", "只能上传 PDF、Word、Excel、PowerPoint、ZIP 或文本文件")]
    [InlineData("讲义.pdf", "<html>not a pdf</html>", "只能上传 PDF、Word、Excel、PowerPoint、ZIP 或文本文件")]
    [InlineData("名单.txt", "a\0b", "只能上传 PDF、Word、Excel、PowerPoint、ZIP 或文本文件")]
    [InlineData("过大.zip", null, "附件不能超过 20 MB")]
    public async Task A_file_of_the_wrong_kind_or_too_large_is_refused_and_nothing_is_kept(string name, string? content, string message)
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, Course, 3);
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        byte[] bytes = content is null ? [0x50, 0x4B, 0x03, 0x04, .. new byte[LessonAttachments.MaxBytes - 3]] : Encoding.UTF8.GetBytes(content);

        var response = await UploadAsync(lecturer, lesson, bytes, name);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(message, await lecturer.GetStringAsync($"/lessons/{lesson}/media"), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(lesson));
    }

    [Fact]
    public async Task Another_lecturer_and_a_trainee_may_not_add_files()
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, Course, 4);
        var page = $"/courses/{Course}";
        foreach (var user in new[] { "lecturer2@learnhub.example", "trainee@learnhub.example" })
        {
            var client = await factory.SignInAsync(user);
            var response = await UploadAsync(client, lesson, Docx, "模板.docx", page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }

        Assert.Equal(0, await CountAsync(lesson));
    }

    [Fact]
    public async Task A_lesson_takes_at_most_ten_files()
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, Course, 1);
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        for (var i = 1; i <= LessonAttachments.MaxPerLesson + 1; i++)
        {
            await UploadAsync(lecturer, lesson, Encoding.UTF8.GetBytes($"第{i}份"), $"资料{i}.txt");
        }

        Assert.Equal(LessonAttachments.MaxPerLesson, await CountAsync(lesson));
        Assert.Contains("每个课时最多 10 个附件", await lecturer.GetStringAsync($"/lessons/{lesson}/media"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_course_that_promises_templates_carries_them_for_signed_in_trainees_only()
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, "pb-three-meetings-one-lesson", 2);
        var id = await IdOfAsync(lesson, "支部党员大会会议记录模板.txt");
        var url = $"/lessons/{lesson}/attachments/{id}";

        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        Assert.Contains($"href=\"{url}\"", await trainee.GetStringAsync("/courses/pb-three-meetings-one-lesson"), StringComparison.Ordinal);
        var download = await trainee.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("支部党员大会会议记录", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The course page is public, its files are not: a visitor is sent to sign in, and sees no links.
        var visitor = factory.CreateBrowser();
        var anonymous = await visitor.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/sign-in", anonymous.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain($"href=\"{url}\"", await visitor.GetStringAsync("/courses/pb-three-meetings-one-lesson"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_an_unpublished_course_is_not_found_for_a_trainee()
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, "pb-three-meetings-one-lesson", 3);
        var id = await IdOfAsync(lesson, "主题党日活动方案模板.txt");
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        await MediaTestSupport.SetPublishedAsync(factory, "pb-three-meetings-one-lesson", false);
        try
        {
            Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync($"/lessons/{lesson}/attachments/{id}")).StatusCode);
            var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
            Assert.Equal(HttpStatusCode.OK, (await lecturer.GetAsync($"/lessons/{lesson}/attachments/{id}")).StatusCode);
        }
        finally
        {
            await MediaTestSupport.SetPublishedAsync(factory, "pb-three-meetings-one-lesson", true);
        }
    }

    [Theory]
    [InlineData("C:\\Users\\王\\Desktop\\方案.docx", "方案.docx")]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("a<b>:c|d?.pdf", "a_b__c_d_.pdf")]
    [InlineData("  .hidden.txt  ", "hidden.txt")]
    [InlineData("报告.docx. ", "报告.docx")]
    [InlineData("资料/", "attachment")]
    public void File_names_lose_paths_and_characters_file_systems_refuse(string given, string kept) =>
        Assert.Equal(kept, DocumentStore.CleanName(given));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int lesson, byte[] bytes, string name, string? tokenPage = null)
    {
        var page = await client.GetStringAsync(tokenPage ?? $"/lessons/{lesson}/media");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return await client.PostAsync($"/lessons/{lesson}/attachments", form);
    }

    private async Task<int> CountAsync(int lesson)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().LessonAttachments.CountAsync(a => a.LessonId == lesson);
    }

    private async Task<int> IdOfAsync(int lesson, string fileName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().LessonAttachments
            .Where(a => a.LessonId == lesson && a.FileName == fileName).Select(a => a.Id).SingleAsync();
    }
}
