using System.Net;
using LearnHub.Web.Tests.Support;

namespace LearnHub.Web.Tests.Catalogue;

/// <summary>Reopening the lesson media page after an upload stopped part-way says how far it got, never "uploading".</summary>
public sealed class InterruptedUploadTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task The_media_page_tells_how_far_a_stopped_upload_got_and_asks_for_the_same_file()
    {
        var lesson = await MediaTestSupport.LessonIdAsync(factory, "pb-member-education", 1);
        var id = await MediaTestSupport.StoppedUploadAsync(factory, lesson, "党课.mp4", 326L * 1024 * 1024, 120L * 1024 * 1024);

        var response = await (await factory.SignInAsync("lecturer@learnhub.example")).GetAsync($"/lessons/{lesson}/media");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-state=\"interrupted\"", html, StringComparison.Ordinal);
        Assert.Contains("上次上传「党课.mp4」到 36%（120 MB / 326 MB），请重新选择同一个文件继续上传", html, StringComparison.Ordinal);
        Assert.DoesNotContain("正在上传……", html[html.IndexOf("id=\"upload-panel\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        // The script resumes that very upload when the same file is chosen, even in a browser that never saw it.
        Assert.Contains($"data-interrupted-id=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-interrupted-size=\"341835776\"", html, StringComparison.Ordinal);
    }
}
