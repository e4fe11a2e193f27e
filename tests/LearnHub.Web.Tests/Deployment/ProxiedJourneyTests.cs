using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LearnHub.Web.Tests.Deployment;

/// <summary>
/// One day of LearnHub as people meet it in a deployment of two nodes behind nginx with TLS: every request goes to
/// nginx's HTTPS address, none to a node, and nginx's access log shows which node served each.
/// </summary>
[Trait("Category", "Servers")]
[Trait("Category", "MediaTools")]
[Trait("Category", "Deployment")]
public sealed class ProxiedJourneyTests(ProxiedDeployment deployment) : IClassFixture<ProxiedDeployment>
{
    private const string Trainee = "trainee@learnhub.example";
    private const string TraineeMobile = "13800000001";
    private const string LiveTopic = "守牢底线：廉洁建设与风险防范";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record MediaStatus(Guid Id, string Status, double? DurationSeconds, string? Error);

    private sealed record ScreenState(string Code);

    private sealed record Browser(HttpClient Client, CookieContainer Cookies) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    [Fact]
    public async Task A_lecturer_uploads_and_a_trainee_signs_in_watches_checks_in_and_follows_the_live_lecture_all_through_nginx()
    {
        try
        {
            await JourneyAsync();
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            // The processes' output and nginx's logs say what the assertion alone cannot.
            throw new InvalidOperationException(e.Message + "\n" + deployment.Log(), e);
        }
    }

    private async Task JourneyAsync()
    {
        // The trainee signs in through the real form over HTTPS; the node saw https (X-Forwarded-Proto) and so
        // marked the cookie Secure.
        using var trainee = await SignInAsync(deployment.PublicUrl, Trainee);
        var auth = trainee.Cookies.GetCookies(new Uri(deployment.PublicUrl)).Single(c => c.Name == "learnhub.auth");
        Assert.True(auth.Secure, "The sign-in cookie is not Secure: the node did not take nginx's X-Forwarded-Proto.");
        var personId = await deployment.QueryAsync<int>("""SELECT "Id" FROM "People" WHERE "Mobile" = @mobile""", ("mobile", TraineeMobile));

        // A lecturer uploads the lesson's video with tus in chunks, and a second file; see UploadAsync.
        var lessonId = await deployment.QueryAsync<int>("""
            SELECT l."Id" FROM "Lessons" l JOIN "Courses" c ON c."Id" = l."CourseId"
            WHERE c."Slug" = 'pb-organization-building' AND l."Order" = 1
            """);
        var assetId = await UploadAsync(lessonId);

        await WatchAsync(trainee, lessonId, assetId, personId);
        await CheckInAsync(trainee, personId);
        await FollowLiveLectureAsync(trainee, personId);

        // Both nodes served the public address; nothing was asked of them but through nginx.
        var upstreams = (await deployment.RequestsAsync()).Select(r => r.Upstream).ToHashSet();
        Assert.Contains(deployment.NodeA, upstreams);
        Assert.Contains(deployment.NodeB, upstreams);
    }

    /// <summary>
    /// tus through the balancer, which routes an upload's chunks by its id (so a node seldom has to fetch the chunks
    /// before). Two uploads land on different nodes; one of them then alternates: its middle chunk goes to the other
    /// node (through the server pinned to node B), which continues from the chunk node A left in the bucket, and its
    /// last chunk goes back to node A through the balancer, where it completes.
    /// </summary>
    private async Task<Guid> UploadAsync(int lessonId)
    {
        using var lecturer = await SignInAsync(deployment.PublicUrl, "lecturer@learnhub.example");
        var clip = Clip();
        var chunk = clip.Length / 3 + 1;
        var lessonUpload = await CreateUploadAsync(lecturer, clip.Length, "第一讲.mp4", lessonId);
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(lecturer, lessonUpload, 0, clip[..chunk])).StatusCode);
        var lessonNode = await NodeOfAsync(lessonUpload);

        // A second upload, created again until its id hashes to the other node (each has an even chance).
        string? other = null;
        for (var attempt = 0; attempt < 12 && other is null; attempt++)
        {
            var candidate = await CreateUploadAsync(lecturer, clip.Length, "第二讲.mp4", null);
            Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(lecturer, candidate, 0, clip[..chunk])).StatusCode);
            if (await NodeOfAsync(candidate) != lessonNode)
            {
                other = candidate;
            }
            else
            {
                Assert.Equal(HttpStatusCode.NoContent, (await lecturer.Client.SendAsync(Tus(HttpMethod.Delete, candidate))).StatusCode);
            }
        }

        Assert.True(other is not null, "Twelve uploads in a row hashed to one node.");
        var onA = lessonNode == deployment.NodeA ? lessonUpload : other!;
        var onB = onA == lessonUpload ? other! : lessonUpload;

        // The upload node A began: its middle chunk on node B, its last back on node A.
        var pinned = onA.Replace(deployment.PublicUrl, deployment.PinnedUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(lecturer, pinned, chunk, clip[chunk..(2 * chunk)])).StatusCode);
        var head = await lecturer.Client.SendAsync(Tus(HttpMethod.Head, onA));
        Assert.Equal((2 * chunk).ToString(CultureInfo.InvariantCulture), head.Headers.GetValues("Upload-Offset").Single());
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(lecturer, onA, 2 * chunk, clip[(2 * chunk)..])).StatusCode);

        for (var offset = chunk; offset < clip.Length; offset += chunk)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(lecturer, onB, offset, clip[offset..Math.Min(clip.Length, offset + chunk)])).StatusCode);
        }

        // Through the balancer each upload stayed on its node, and the two nodes differ; node B took onA's middle chunk.
        Assert.Equal([deployment.NodeA], await UpstreamsOfAsync(onA));
        Assert.Equal([deployment.NodeB], await UpstreamsOfAsync(onB));
        Assert.Contains(await deployment.RequestsAsync(pinned: true), r => r.Upstream == deployment.NodeB && r.Status == 204 && r.Method == "PATCH"
            && r.Uri == new Uri(onA).AbsolutePath);

        // Both files arrived whole: ffprobe on the receiving node read all six seconds, and the transcode (on either node) finished.
        foreach (var upload in new[] { lessonUpload, other! })
        {
            MediaStatus? status = null;
            await deployment.WaitAsync($"upload {upload} to be transcoded", TimeSpan.FromSeconds(120), async () =>
            {
                status = await lecturer.Client.GetFromJsonAsync<MediaStatus>($"/api/v1/media/{upload.Split('/')[^1]}", Json);
                return status!.Status is "ready" or "failed";
            });
            Assert.True(status!.Status == "ready", $"{upload}: {status.Status} {status.Error}");
            Assert.InRange(status.DurationSeconds ?? 0, 5.5, 6.5);
        }

        var assetId = Guid.Parse(lessonUpload.Split('/')[^1]);
        await deployment.WaitAsync("the upload to become the lesson's video", TimeSpan.FromSeconds(30), async () =>
            await deployment.QueryAsync<object>("""SELECT "MediaAssetId" FROM "Lessons" WHERE "Id" = @lesson""", ("lesson", lessonId)) is Guid attached && attached == assetId);
        return assetId;
    }

    /// <summary>
    /// The trainee plays the lesson: the playback, its segments (signed URLs, read from the bucket) and its heartbeats
    /// all reach the node that holds the playback, which credits the seconds delivered and writes them to the database.
    /// </summary>
    private async Task WatchAsync(Browser trainee, int lessonId, Guid assetId, int personId)
    {
        var response = await trainee.Client.PostAsJsonAsync("/api/v1/playback/start", new { lessonId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var start = (await response.Content.ReadFromJsonAsync<PlaybackStart>(Json))!;
        Assert.Contains($"/media/{assetId:N}/s/", start.Source, StringComparison.Ordinal);
        var player = await HlsPlayer.OpenAsync(trainee.Client, start.Source);
        var stopwatch = Stopwatch.StartNew();
        await player.FetchAsync(0, start.DurationSeconds);
        Assert.True(player.Fetched > 0);
        // Played in real time (at most 1.5× counts): wait as long as the media takes at that rate.
        var wait = TimeSpan.FromSeconds(start.DurationSeconds / 1.5 + 0.5) - stopwatch.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var beat = await trainee.Client.PostAsJsonAsync("/api/v1/playback/heartbeat", new
        {
            playbackId = start.PlaybackId, visible = true, segments = new[] { new { from = 0.0, to = start.DurationSeconds, hidden = false } },
        });
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        var outcome = (await beat.Content.ReadFromJsonAsync<PlaybackBeat>(Json))!;
        Assert.False(outcome.Undelivered, "The node that took the heartbeat did not see the segments delivered.");
        Assert.True(outcome.CreditedSeconds >= start.DurationSeconds * 0.9, $"Credited {outcome.CreditedSeconds} s of {start.DurationSeconds} s.");

        var watching = (await deployment.RequestsAsync()).Where(r => r.Uri.StartsWith("/api/v1/playback/", StringComparison.Ordinal)
            || r.Uri.StartsWith($"/media/{assetId:N}/", StringComparison.Ordinal)).Select(r => r.Upstream).Distinct().ToList();
        Assert.Single(watching);
        await deployment.WaitAsync("the watched seconds to be written", TimeSpan.FromSeconds(20), async () =>
            await deployment.QueryAsync<object>("""SELECT "CoveredSeconds" FROM "LessonProgress" WHERE "PersonId" = @person AND "LessonId" = @lesson""",
                ("person", personId), ("lesson", lessonId)) is double covered && covered >= start.DurationSeconds * 0.9);
    }

    /// <summary>
    /// The hall screen shows a code; both nodes show the same one (the check-in secret is shared), and the trainee's
    /// check-in with it is recorded whichever node takes it.
    /// </summary>
    private async Task CheckInAsync(Browser trainee, int personId)
    {
        var sessionId = await LiveSessionAsync();
        // The demo's session moved to now (China time), so check-in is open whatever the hour the test runs.
        var china = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        if (china.TimeOfDay > new TimeSpan(23, 45, 0))
        {
            await Task.Delay(TimeSpan.FromDays(1) - china.TimeOfDay + TimeSpan.FromSeconds(5));
            china = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        }

        var now = TimeOnly.FromTimeSpan(china.TimeOfDay);
        await deployment.ExecuteAsync("""
            UPDATE "LectureHallSessions" SET "Date" = @date, "StartTime" = @start, "EndTime" = @end, "ClosedAt" = NULL WHERE "Id" = @session
            """, ("date", DateOnly.FromDateTime(china.Date)), ("start", now.Minute >= 5 || now.Hour > 0 ? now.AddMinutes(-5) : now),
            ("end", china.TimeOfDay < new TimeSpan(23, 0, 0) ? now.AddMinutes(50) : new TimeOnly(23, 59, 59)), ("session", sessionId));
        await deployment.ExecuteAsync("""
            INSERT INTO "SessionRegistrations" ("SessionId", "PersonId", "Status", "RequestedAt") SELECT @session, @person, 1, now()
            WHERE NOT EXISTS (SELECT 1 FROM "SessionRegistrations" WHERE "SessionId" = @session AND "PersonId" = @person)
            """, ("session", sessionId), ("person", personId));

        using var admin = await SignInAsync(deployment.PublicUrl, "admin@learnhub.example");
        string? code = null;
        await deployment.WaitAsync("both nodes to show one check-in code", TimeSpan.FromSeconds(60), async () =>
        {
            // Round robin: two requests in a row reach both nodes.
            var before = (await deployment.RequestsAsync()).Count;
            var first = await admin.Client.GetFromJsonAsync<ScreenState>($"/lecture-hall/sessions/{sessionId}/checkin-screen/state", Json);
            var second = await admin.Client.GetFromJsonAsync<ScreenState>($"/lecture-hall/sessions/{sessionId}/checkin-screen/state", Json);
            var nodes = (await deployment.RequestsAsync()).Skip(before).Where(r => r.Uri.EndsWith("/checkin-screen/state", StringComparison.Ordinal)).Select(r => r.Upstream).ToHashSet();
            code = first!.Code;
            // A code window may turn between the two requests; then ask again.
            return nodes.Count == 2 && first.Code == second!.Code;
        });

        var page = $"/lecture-hall/sessions/{sessionId}/checkin";
        var form = await LearnHubFactory.FormWithTokenAsync(trainee.Client, page, new Dictionary<string, string> { ["code"] = code! });
        var posted = await trainee.Client.PostAsync(page, form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var recorded = await deployment.QueryAsync<long>("""
            SELECT count(*) FROM "AttendanceRecords" WHERE "SessionId" = @session AND "PersonId" = @person AND "CheckedInAt" IS NOT NULL
            """, ("session", sessionId), ("person", personId));
        Assert.Equal(1, recorded);
    }

    /// <summary>
    /// The lecturer's live-room connection goes through nginx's server pinned to node B; the trainee's through the
    /// balancer, reconnecting until it lands on node A (the presence rows name each connection's node). The lecturer's
    /// slide change reaches the trainee across the Redis backplane, over WebSockets proxied by nginx.
    /// </summary>
    private async Task FollowLiveLectureAsync(Browser trainee, int personId)
    {
        var sessionId = await LiveSessionAsync();
        using var lecturerBrowser = await SignInAsync(deployment.PinnedUrl, "lecturer2@learnhub.example");
        await using var lecturer = Hub(deployment.PinnedUrl, lecturerBrowser.Cookies, sessionId);
        var lecturerState = LiveTestSupport.Expect<LiveStateDto>(lecturer, "State");
        await lecturer.StartAsync();
        await lecturerState;

        HubConnection? joined = null;
        var seen = await deployment.QueryAsync<long>("""SELECT coalesce(max("Id"), 0) FROM "LivePresence" """);
        try
        {
            for (var attempt = 0; attempt < 8 && joined is null; attempt++)
            {
                var connection = Hub(deployment.PublicUrl, trainee.Cookies, sessionId);
                var state = LiveTestSupport.Expect<LiveStateDto>(connection, "State");
                await connection.StartAsync();
                await state;
                // The connection's presence row, written as it opened, names its node.
                string? node = null;
                await deployment.WaitAsync("the trainee's presence row", TimeSpan.FromSeconds(10), async () =>
                {
                    node = await deployment.QueryAsync<string?>("""
                        SELECT "ConnectionId" FROM "LivePresence" WHERE "SessionId" = @session AND "PersonId" = @person AND "LeftAt" IS NULL AND "Id" > @seen
                        ORDER BY "Id" DESC LIMIT 1
                        """, ("session", sessionId), ("person", personId), ("seen", seen));
                    return node is not null;
                });
                seen = await deployment.QueryAsync<long>("""SELECT coalesce(max("Id"), 0) FROM "LivePresence" """);
                if (node!.StartsWith(ProxiedDeployment.NodeAName + "/", StringComparison.Ordinal))
                {
                    joined = connection;
                }
                else
                {
                    await connection.DisposeAsync();
                }
            }

            Assert.True(joined is not null, "The trainee's live-room connection never reached node A through the balancer.");
            var slide = LiveTestSupport.Expect<LiveSlideDto>(joined, "Slide");
            await lecturer.InvokeAsync("SetSlide", 2);
            Assert.Equal(2, (await slide).Index);
        }
        finally
        {
            if (joined is not null)
            {
                await joined.DisposeAsync();
            }
        }
    }

    private Task<int> LiveSessionAsync() =>
        deployment.QueryAsync<int>("""SELECT "Id" FROM "LectureHallSessions" WHERE "Topic" = @topic ORDER BY "Id" LIMIT 1""", ("topic", LiveTopic));

    /// <summary>WebSockets only, without negotiation, as LearnHub's pages connect; nginx's certificate pinned.</summary>
    private HubConnection Hub(string baseUrl, CookieContainer cookies, int sessionId) =>
        new HubConnectionBuilder().WithUrl($"{baseUrl}{LiveRoomHub.Path}?session={sessionId}", options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            options.Cookies = cookies;
            options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, certificate, _, _) => deployment.IsPinned(certificate);
        }).Build();

    private async Task<Browser> SignInAsync(string baseUrl, string email)
    {
        var cookies = new CookieContainer();
        var client = deployment.Client(cookies);
        client.BaseAddress = new Uri(baseUrl);
        var form = await LearnHubFactory.FormWithTokenAsync(client, "/account/sign-in",
            new Dictionary<string, string> { ["Login"] = email, ["Password"] = LearnHubFactory.Password });
        var response = await client.PostAsync("/account/sign-in", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Browser(client, cookies);
    }

    private static HttpRequestMessage Tus(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("Tus-Resumable", "1.0.0");
        return request;
    }

    private static async Task<string> CreateUploadAsync(Browser lecturer, int length, string fileName, int? lessonId)
    {
        using var create = Tus(HttpMethod.Post, "/api/v1/uploads");
        create.Headers.Add("Upload-Length", length.ToString(CultureInfo.InvariantCulture));
        var metadata = "filename " + Convert.ToBase64String(Encoding.UTF8.GetBytes(fileName));
        if (lessonId is { } lesson)
        {
            metadata += ",lessonId " + Convert.ToBase64String(Encoding.UTF8.GetBytes(lesson.ToString(CultureInfo.InvariantCulture)));
        }

        create.Headers.Add("Upload-Metadata", metadata);
        var created = await lecturer.Client.SendAsync(create);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new Uri(lecturer.Client.BaseAddress!, created.Headers.Location!).ToString();
    }

    private static async Task<HttpResponseMessage> PatchAsync(Browser lecturer, string url, int offset, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var request = Tus(HttpMethod.Patch, url, content);
        request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
        return await lecturer.Client.SendAsync(request);
    }

    /// <summary>The node that served the upload's requests through the balancer (the access log names it).</summary>
    private async Task<string> NodeOfAsync(string upload) => (await UpstreamsOfAsync(upload)).Single();

    private async Task<List<string>> UpstreamsOfAsync(string upload)
    {
        var path = new Uri(upload).AbsolutePath;
        return [.. (await deployment.RequestsAsync()).Where(r => r.Uri == path).Select(r => r.Upstream).Distinct()];
    }

    /// <summary>Six seconds of test pattern and tone, small enough to send in three chunks.</summary>
    private static byte[] Clip()
    {
        var path = Path.Combine(Path.GetTempPath(), $"learnhub-deploy-{Guid.NewGuid():N}.mp4");
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
            foreach (var arg in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:duration=6", "-f", "lavfi", "-i", "sine=duration=6",
                         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", path })
            {
                start.ArgumentList.Add(arg);
            }

            using (var process = Process.Start(start)!)
            {
                var errors = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, "ffmpeg: " + errors);
            }

            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
