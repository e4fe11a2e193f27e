using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Support;

/// <summary>The media status JSON as clients read it.</summary>
public sealed record MediaStatusJson(Guid Id, string Status, double Progress, double? DurationSeconds, string? Error, int? LessonId,
    string? PlaylistUrl, string? PosterUrl);

/// <summary>Real clips from the real ffmpeg, uploaded through the real tus endpoint.</summary>
internal static class MediaTestSupport
{
    public static byte[] Clip(string size = "320x180", int seconds = 2)
    {
        var path = Path.Combine(Path.GetTempPath(), $"learnhub-clip-{Guid.NewGuid():N}.mp4");
        Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={size}:rate=10:duration={seconds}", "-f", "lavfi", "-i", $"sine=duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    public static (int Exit, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors);
    }

    /// <summary>The id of a lesson of a demo course, by the course's slug and the lesson's order.</summary>
    public static async Task<int> LessonIdAsync(LearnHubFactory factory, string slug, int order)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        return await db.Lessons.Where(l => l.Order == order && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == slug))
            .Select(l => l.Id).SingleAsync();
    }

    /// <summary>An asset as an upload leaves it: stopped after <paramref name="received"/> of <paramref name="length"/> bytes, or failed.</summary>
    public static async Task<Guid> StoppedUploadAsync(LearnHubFactory factory, int lessonId, string fileName, long length, long received,
        Media.Assets.MediaFailure failure = Media.Assets.MediaFailure.None)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var media = scope.ServiceProvider.GetRequiredService<Media.Data.MediaDbContext>();
        var now = factory.Clock.GetUtcNow();
        var asset = new Media.Assets.MediaAsset(Guid.NewGuid(), fileName, length, "lecturer", lessonId, now);
        asset.Appended(received, now);
        if (failure != Media.Assets.MediaFailure.None)
        {
            asset.Failed(failure, "refused", now);
        }

        media.Assets.Add(asset);
        await media.SaveChangesAsync();
        return asset.Id;
    }

    public static async Task SetPublishedAsync(LearnHubFactory factory, string slug, bool published)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var course = await db.Courses.SingleAsync(c => c.Slug == slug);
        course.Published = published;
        await db.SaveChangesAsync();
    }

    /// <summary>Uploads in one tus creation and two PATCH requests; returns the asset id.</summary>
    public static async Task<Guid> UploadAsync(HttpClient client, byte[] bytes, int? lessonId, string fileName = "clip.mp4")
    {
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var metadata = "filename " + Convert.ToBase64String(Encoding.UTF8.GetBytes(fileName));
        if (lessonId is { } id)
        {
            metadata += ",lessonId " + Convert.ToBase64String(Encoding.UTF8.GetBytes(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        create.Headers.Add("Upload-Metadata", metadata);
        var created = await client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = created.Headers.Location!.ToString();
        var half = bytes.Length / 2;
        foreach (var (offset, end) in new[] { (0, half), (half, bytes.Length) })
        {
            var content = new ByteArrayContent(bytes[offset..end]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
            var patch = Tus(HttpMethod.Patch, url, content);
            patch.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(patch)).StatusCode);
        }

        return Guid.Parse(url.Split('/')[^1]);
    }

    public static async Task<MediaStatusJson> WaitUntilDoneAsync(HttpClient client, Guid id)
    {
        MediaStatusJson? status = null;
        for (var stopwatch = Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(60); await Task.Delay(250))
        {
            status = await client.GetFromJsonAsync<MediaStatusJson>($"/api/v1/media/{id}");
            if (status!.Status is "ready" or "failed")
            {
                break;
            }
        }

        return status!;
    }

    public static HttpRequestMessage Tus(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }
}
