using System.Net;
using System.Net.Http.Headers;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LearnHub.Web.Tests;

/// <summary>Playlists, segments and posters reach only those who may see the course; signed URLs work without a cookie.</summary>
[Trait("Category", "MediaTools")]
public sealed class MediaPlaybackTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Course = "pb-member-education";

    [Fact]
    public async Task Segments_are_served_with_ranges_to_trainees_who_may_see_the_course_and_refused_when_they_may_not()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var lessonId = await MediaTestSupport.LessonIdAsync(factory, Course, 1);
        var id = await MediaTestSupport.UploadAsync(admin, MediaTestSupport.Clip(), lessonId);
        var status = await MediaTestSupport.WaitUntilDoneAsync(admin, id);
        Assert.Equal("ready", status.Status);

        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var master = await trainee.GetAsync($"/media/{id:N}/master.m3u8");
        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        // Revalidated, not kept: the master playlist of a source served as it is is replaced by the ladder's.
        Assert.True(master.Headers.CacheControl?.NoCache);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/media/{id:N}/master.m3u8");
        again.Headers.IfNoneMatch.Add(master.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await trainee.SendAsync(again)).StatusCode);
        var variant = (await master.Content.ReadAsStringAsync()).Split('\n').First(l => l.EndsWith(".m3u8", StringComparison.Ordinal));
        var playlist = await trainee.GetStringAsync($"/media/{id:N}/{variant}");
        var segment = $"/media/{id:N}/{variant[..variant.LastIndexOf('/')]}/" + playlist.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal));

        var range = new HttpRequestMessage(HttpMethod.Get, segment);
        range.Headers.Range = new RangeHeaderValue(0, 187);
        var partial = await trainee.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal("video/mp2t", partial.Content.Headers.ContentType?.MediaType);
        Assert.Equal(188, (await partial.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(0x47, (await partial.Content.ReadAsByteArrayAsync())[0]);
        Assert.Contains("immutable", partial.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.True(partial.Headers.CacheControl?.Private);
        var poster = await trainee.GetAsync($"/media/{id:N}/poster.jpg");
        Assert.Equal("image/jpeg", poster.Content.Headers.ContentType?.MediaType);

        // Nothing outside the asset's own folder, whatever the encoding.
        foreach (var path in new[] { "..%2F..%2F..%2Fkeys%2Fmedia-url.key", "../../../learnhub.db", "360p/..%2F..%2F..%2F..%2Flearnhub.db",
                     "%2e%2e/%2e%2e/%2e%2e/learnhub.db", "180p%2F..%2F..%2F..%2F..%2Fkeys%2Fmedia-url.key", "master.m3u8.bak" })
        {
            var response = await admin.GetAsync($"/media/{id:N}/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        // Nobody signed in: no media at all.
        var visitor = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.GetAsync(segment)).StatusCode);

        // Withdrawn from the catalogue: the trainee may no longer see the course, its lecturer and the admin still may.
        await MediaTestSupport.SetPublishedAsync(factory, Course, false);
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await trainee.GetAsync(segment)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await trainee.GetAsync($"/media/{id:N}/master.m3u8")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(segment)).StatusCode);
            var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
            Assert.Equal(HttpStatusCode.OK, (await lecturer.GetAsync(segment)).StatusCode);
        }
        finally
        {
            await MediaTestSupport.SetPublishedAsync(factory, Course, true);
        }
    }

    [Fact]
    public async Task The_signed_playlist_url_from_the_api_plays_without_a_cookie_and_ffprobe_reads_it()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var lessonId = await MediaTestSupport.LessonIdAsync(factory, Course, 2);
        var id = await MediaTestSupport.UploadAsync(admin, MediaTestSupport.Clip("640x360", 3), lessonId);
        var status = await MediaTestSupport.WaitUntilDoneAsync(admin, id);
        Assert.Equal("ready", status.Status);
        Assert.StartsWith($"/media/{id:N}/s/", status.PlaylistUrl!, StringComparison.Ordinal);
        Assert.EndsWith("/poster.jpg", status.PosterUrl, StringComparison.Ordinal);

        // A client without cookies follows the playlist tree; ffprobe then reads the copy as served.
        var bare = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"learnhub-served-{Guid.NewGuid():N}")).FullName;
        try
        {
            var signedBase = status.PlaylistUrl![..(status.PlaylistUrl!.LastIndexOf('/') + 1)];
            await MirrorAsync(bare, signedBase, "master.m3u8", folder);
            var (exit, output) = MediaTestSupport.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,height", "-of", "csv=p=0",
                Path.Combine(folder, "master.m3u8"));
            Assert.True(exit == 0, output);
            Assert.Contains("video", output, StringComparison.Ordinal);
            Assert.Contains("360", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // The signature belongs to one asset and cannot be bent to another or tampered with.
        var token = status.PlaylistUrl!.Split('/')[4];
        var other = await MediaTestSupport.UploadAsync(admin, MediaTestSupport.Clip(), lessonId);
        Assert.Equal("ready", (await MediaTestSupport.WaitUntilDoneAsync(admin, other)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await bare.GetAsync($"/media/{other:N}/s/{token}/master.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bare.GetAsync($"/media/{id:N}/s/{token}x/master.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bare.GetAsync($"/media/{id:N}/master.m3u8")).StatusCode);
    }

    [Fact]
    public async Task A_finished_upload_becomes_the_lessons_video_on_the_course_page_and_deleting_it_removes_its_files()
    {
        const string course = "pb-three-meetings-one-lesson";
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var lessonId = await MediaTestSupport.LessonIdAsync(factory, course, 3);
        var id = await MediaTestSupport.UploadAsync(lecturer, MediaTestSupport.Clip(), lessonId);
        Assert.Equal("ready", (await MediaTestSupport.WaitUntilDoneAsync(lecturer, id)).Status);

        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var page = await trainee.GetStringAsync($"/courses/{course}?lesson={lessonId}");
        Assert.Contains($"data-lesson-id=\"{lessonId}\"", page, StringComparison.Ordinal);
        Assert.Contains($"/media/{id:N}/s/", page, StringComparison.Ordinal);
        Assert.Contains("/js/player.js", page, StringComparison.Ordinal);
        var segment = $"/media/{id:N}/180p/segment_000.ts";
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync(segment)).StatusCode);

        // A trainee cannot reach the management page; the lecturer deletes the video and its files go.
        Assert.NotEqual(HttpStatusCode.OK, (await trainee.GetAsync($"/lessons/{lessonId}/media")).StatusCode);
        var delete = await lecturer.PostAsync($"/lessons/{lessonId}/media/delete",
            await LearnHubFactory.FormWithTokenAsync(lecturer, $"/lessons/{lessonId}/media", []));
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync(segment)).StatusCode);
        Assert.DoesNotContain($"/media/{id:N}/", await trainee.GetStringAsync($"/courses/{course}?lesson={lessonId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slides_must_be_a_pdf_and_are_served_to_those_who_may_see_the_course()
    {
        const string course = "pb-three-meetings-one-lesson";
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var lessonId = await MediaTestSupport.LessonIdAsync(factory, course, 2);
        async Task<string> UploadAsync(byte[] bytes, string name)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(LearnHubFactory.AntiforgeryToken(await lecturer.GetStringAsync($"/lessons/{lessonId}/media"))), "__RequestVerificationToken" },
                { new ByteArrayContent(bytes), "slides", name },
            };
            var response = await lecturer.PostAsync($"/lessons/{lessonId}/media/slides", form);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return await lecturer.GetStringAsync($"/lessons/{lessonId}/media");
        }

        Assert.Contains("不是 PDF", await UploadAsync("<html>not a pdf</html>"u8.ToArray(), "slides.pdf"), StringComparison.Ordinal);
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
        Assert.Contains("slides-link", await UploadAsync(pdf, "第二讲.pdf"), StringComparison.Ordinal);

        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var served = await trainee.GetAsync($"/media/lessons/{lessonId}/slides.pdf");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await served.Content.ReadAsByteArrayAsync());
        Assert.Contains("/slides.pdf", await trainee.GetStringAsync($"/courses/{course}?lesson={lessonId}"), StringComparison.Ordinal);
        await MediaTestSupport.SetPublishedAsync(factory, course, false);
        try
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await trainee.GetAsync($"/media/lessons/{lessonId}/slides.pdf")).StatusCode);
        }
        finally
        {
            await MediaTestSupport.SetPublishedAsync(factory, course, true);
        }
    }

    [Fact]
    public async Task The_lesson_media_page_and_uploads_are_for_the_courses_lecturer_and_admins_only()
    {
        var own = await MediaTestSupport.LessonIdAsync(factory, "pb-organization-building", 4);
        var others = await MediaTestSupport.LessonIdAsync(factory, "party-theory-basics", 3);
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var page = await lecturer.GetAsync($"/lessons/{own}/media");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("视频与课件", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await (await factory.SignInAsync("admin@learnhub.example")).GetAsync($"/lessons/{others}/media")).StatusCode);

        // Someone else's lesson, another role, or nobody signed in: no page, no upload.
        Assert.Equal(HttpStatusCode.Redirect, (await lecturer.GetAsync($"/lessons/{others}/media")).StatusCode);
        foreach (var email in new[] { "trainee@learnhub.example", "supervisor@learnhub.example" })
        {
            var response = await (await factory.SignInAsync(email)).GetAsync($"/lessons/{own}/media");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/denied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("/account/sign-in", (await factory.CreateBrowser().GetAsync($"/lessons/{own}/media")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var create = MediaTestSupport.Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", "1000");
        create.Headers.Add("Upload-Metadata", "lessonId " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(others.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.Forbidden, (await lecturer.SendAsync(create)).StatusCode);

        // In English too, with every text translated.
        var english = await lecturer.GetStringAsync($"/lessons/{own}/media?culture=en");
        Assert.Contains("Video and slides", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Media.", english, StringComparison.Ordinal);
    }

    private static async Task MirrorAsync(HttpClient client, string baseUrl, string relative, string folder)
    {
        var response = await client.GetAsync(baseUrl + relative);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var target = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(target, bytes);
        if (!relative.EndsWith(".m3u8", StringComparison.Ordinal))
        {
            return;
        }

        var prefix = relative.Contains('/', StringComparison.Ordinal) ? relative[..(relative.LastIndexOf('/') + 1)] : "";
        foreach (var line in System.Text.Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            await MirrorAsync(client, baseUrl, prefix + line, folder);
        }
    }
}
