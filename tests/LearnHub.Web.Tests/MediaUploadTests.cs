using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

[Trait("Category", "MediaTools")]
public sealed class MediaUploadTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private static HttpRequestMessage Tus(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, long offset, byte[] chunk)
    {
        var content = new ByteArrayContent(chunk);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        var request = Tus(HttpMethod.Patch, url, content);
        request.Headers.Add("Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return await client.SendAsync(request);
    }

    private static byte[] Clip()
    {
        var path = Path.Combine(Path.GetTempPath(), $"learnhub-upload-{Guid.NewGuid():N}.mp4");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var arg in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:duration=2", "-f", "lavfi", "-i", "sine=duration=2",
                     "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path })
        {
            start.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(start)!)
        {
            process.StandardError.ReadToEnd();
            process.WaitForExit();
        }

        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    private sealed record MediaStatus(Guid Id, string Status, double Progress, double? DurationSeconds, string? Error, string? PlaylistUrl);

    [Fact]
    public async Task Lecturer_uploads_in_chunks_resumes_after_an_interruption_and_the_video_becomes_ready()
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var bytes = Clip();
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", $"filename {Convert.ToBase64String(Encoding.UTF8.GetBytes("第一讲.mp4"))},lessonId {Convert.ToBase64String(Encoding.UTF8.GetBytes((await MediaTestSupport.LessonIdAsync(factory, "pb-organization-building", 3)).ToString(System.Globalization.CultureInfo.InvariantCulture)))}");
        var created = await client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("1.0.0", created.Headers.GetValues("Tus-Resumable").Single());
        var url = created.Headers.Location!.ToString();

        var chunk = bytes.Length / 4 + 1;
        for (var offset = 0; offset < 2 * chunk; offset += chunk)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(client, url, offset, bytes[offset..(offset + chunk)])).StatusCode);
        }

        // The connection dropped: a stale offset is refused, HEAD tells where to go on.
        Assert.Equal(HttpStatusCode.Conflict, (await PatchAsync(client, url, 0, bytes[..chunk])).StatusCode);
        var head = await client.SendAsync(Tus(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("no-store", head.Headers.CacheControl?.ToString());
        var resumeAt = int.Parse(head.Headers.GetValues("Upload-Offset").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2 * chunk, resumeAt);
        for (var offset = resumeAt; offset < bytes.Length; offset += chunk)
        {
            var response = await PatchAsync(client, url, offset, bytes[offset..Math.Min(bytes.Length, offset + chunk)]);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var id = url.Split('/')[^1];
        MediaStatus? status = null;
        for (var stopwatch = Stopwatch.StartNew(); stopwatch.Elapsed < TimeSpan.FromSeconds(45); await Task.Delay(250))
        {
            status = await client.GetFromJsonAsync<MediaStatus>($"/api/v1/media/{id}");
            if (status!.Status is "ready" or "failed")
            {
                break;
            }
        }

        Assert.Equal("ready", status?.Status);
        Assert.NotNull(status!.PlaylistUrl);
        Assert.InRange(status.DurationSeconds ?? 0, 1.5, 2.5);
    }

    [Fact]
    public async Task An_upload_whose_bytes_are_not_on_this_node_starts_again_instead_of_continuing_over_a_hole()
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var bytes = Clip();
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        create.Headers.Add("Upload-Metadata", $"filename {Convert.ToBase64String(Encoding.UTF8.GetBytes("第二讲.mp4"))}");
        var url = (await client.SendAsync(create)).Headers.Location!.ToString();
        var half = bytes.Length / 2;
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(client, url, 0, bytes[..half])).StatusCode);

        // The first half was received by a node this request no longer reaches (or a disk that was lost).
        var id = Guid.Parse(url.Split('/')[^1]);
        File.Delete(factory.Services.GetRequiredService<LearnHub.Media.Storage.IMediaStorage>().UploadPath(id));

        Assert.Equal(HttpStatusCode.Conflict, (await PatchAsync(client, url, half, bytes[half..])).StatusCode);
        var head = await client.SendAsync(Tus(HttpMethod.Head, url));
        Assert.Equal("0", head.Headers.GetValues("Upload-Offset").Single());
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(client, url, 0, bytes)).StatusCode);
        var status = await MediaTestSupport.WaitUntilDoneAsync(client, id);
        Assert.Equal("ready", status.Status);
    }

    [Fact]
    public async Task Trainee_may_not_create_an_upload()
    {
        var client = await factory.SignInAsync("trainee@learnhub.example");
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", "1000");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(create)).StatusCode);
    }

    [Fact]
    public async Task A_tus_client_with_a_lecturers_bearer_token_may_create_an_upload_and_a_trainees_may_not()
    {
        async Task<string> TokenFor(string email)
        {
            var browser = await factory.SignInAsync(email);
            var (verifier, challenge) = OidcClient.NewPkce();
            var redirect = OidcClient.LoopbackRedirect(49152);
            var code = await OidcClient.AuthorizeAsync(browser, redirect, "openid profile api", challenge);
            var (_, body) = await OidcClient.RedeemAsync(factory.CreateClient(), code, redirect, verifier);
            return body.GetProperty("access_token").GetString()!;
        }

        HttpRequestMessage Create(string token)
        {
            var create = Tus(HttpMethod.Post, "/api/v1/uploads");
            create.Headers.Add("Upload-Length", "1000");
            create.Headers.Add("Upload-Metadata", "filename " + Convert.ToBase64String(Encoding.UTF8.GetBytes("clip.mp4")));
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return create;
        }

        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Create(await TokenFor("lecturer@learnhub.example")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Create(await TokenFor("trainee@learnhub.example")))).StatusCode);
    }

    [Fact]
    public async Task An_unsupported_tus_version_is_refused()
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Tus-Resumable", "0.2.2");
        create.Headers.Add("Upload-Length", "1000");
        var response = await client.SendAsync(create);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("Tus-Version").Single());
    }

    [Fact]
    public async Task Termination_removes_the_upload()
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", "1000");
        var url = (await client.SendAsync(create)).Headers.Location!.ToString();
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(client, url, 0, new byte[100])).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Tus(HttpMethod.Delete, url))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Tus(HttpMethod.Head, url))).StatusCode);
    }

    [Fact]
    public async Task Termination_is_refused_while_a_patch_is_writing_and_allowed_once_it_ends()
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", "1000");
        var url = (await client.SendAsync(create)).Headers.Location!.ToString();
        var id = Guid.Parse(url[(url.LastIndexOf('/') + 1)..]);

        // A PATCH whose body stops halfway until the test lets it go on: it holds the upload's lease meanwhile.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var content = new GatedContent(new byte[100], new byte[100], gate.Task);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        content.Headers.ContentLength = 200;
        var patch = Tus(HttpMethod.Patch, url, content);
        patch.Headers.Add("Upload-Offset", "0");
        var writing = client.SendAsync(patch);
        await WaitForLeaseAsync(id);

        Assert.Equal(HttpStatusCode.Conflict, (await client.SendAsync(Tus(HttpMethod.Delete, url))).StatusCode);
        gate.SetResult();
        Assert.Equal(HttpStatusCode.NoContent, (await writing).StatusCode);
        var head = await client.SendAsync(Tus(HttpMethod.Head, url));
        Assert.Equal("200", head.Headers.GetValues("Upload-Offset").Single());

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Tus(HttpMethod.Delete, url))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(Tus(HttpMethod.Head, url))).StatusCode);
    }

    private async Task WaitForLeaseAsync(Guid id)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearnHub.Media.Data.MediaDbContext>();
            if (await db.Assets.AsNoTracking().AnyAsync(a => a.Id == id && a.LeaseOwner != null))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The PATCH never took the upload's lease.");
    }

    /// <summary>A body sent in two parts, the second only once <c>gate</c> completes.</summary>
    private sealed class GatedContent(byte[] first, byte[] second, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await gate;
            await stream.WriteAsync(second);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = first.Length + second.Length;
            return true;
        }
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_before_any_bytes_are_sent()
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/uploads"));
        Assert.Equal("creation,termination,expiration", options.Headers.GetValues("Tus-Extension").Single());
        var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", (long.Parse(options.Headers.GetValues("Tus-Max-Size").Single(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.SendAsync(create)).StatusCode);
    }
}
