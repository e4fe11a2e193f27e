using LearnHub.Courses.LectureHall.Live;
using LearnHub.Media.Live;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Web.Tests.Live;

/// <summary>The app with RTMP listeners on loopback ports of its own, so parallel test hosts do not collide.</summary>
public sealed class LiveVideoFactory : LearnHubFactory
{
    private static int _nextRange = 19450 + (Environment.ProcessId % 40 * 10);

    private readonly int _firstPort = Interlocked.Add(ref _nextRange, 10);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LiveVideo:RtmpPorts", $"{_firstPort}-{_firstPort + 9}");
        builder.UseSetting("LiveVideo:ListenAddress", "127.0.0.1");
    }
}

/// <summary>Real ffmpeg pushing RTMP into the real listeners, the HLS read back through the app, the recording through the media pipeline.</summary>
[Trait("Category", "MediaTools")]
public sealed partial class LiveVideoTests(LiveVideoFactory factory) : IClassFixture<LiveVideoFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";

    [Fact]
    public async Task An_rtmp_test_stream_becomes_live_hls_that_ffprobe_reads_and_its_recording_a_ready_replay_lesson()
    {
        var sessionId = await NewSessionAsync();
        var lecturer = await factory.SignInAsync(Lecturer);
        var (port, key) = Publishing(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
        var trainee = await factory.SignInAsync(Trainee);
        Assert.False(await IsLiveAsync(trainee, sessionId));

        using var push = await PushUntilLiveAsync(port, key, 8, trainee, sessionId);

        var playlist = await trainee.GetAsync($"/live/{sessionId}/video/index.m3u8");
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);
        Assert.Contains("no-cache", playlist.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("learnhub-live-").FullName;
        var text = await playlist.Content.ReadAsStringAsync();
        foreach (var segment in text.Split('\n').Select(l => l.Trim()).Where(l => l.EndsWith(".ts", StringComparison.Ordinal)))
        {
            var bytes = await trainee.GetByteArrayAsync($"/live/{sessionId}/video/{segment}");
            await File.WriteAllBytesAsync(Path.Combine(folder, segment), bytes);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "index.m3u8"), text);
        var (exit, output) = MediaTestSupport.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", Path.Combine(folder, "index.m3u8"));
        Assert.True(exit == 0, output);
        Assert.Contains("h264", output, StringComparison.Ordinal);
        Assert.Contains("aac", output, StringComparison.Ordinal);

        // Only people the room lets in: no one signed out, and no guessing at other files.
        Assert.NotEqual(HttpStatusCode.OK, (await factory.CreateBrowser().GetAsync($"/live/{sessionId}/video/index.m3u8")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync($"/live/{sessionId}/video/..%2Fsecret.mkv")).StatusCode);

        await push.WaitForExitAsync();
        await EndAsync(sessionId);
        var (lessonId, status) = await WaitForReplayAsync(sessionId);
        Assert.Equal(MediaStatus.Ready, status);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var course = await db.Courses.SingleAsync(c => c.Lessons.Any(l => l.Id == lessonId));
        Assert.Equal(CourseFormat.Online, course.Format);
        // As long as the recording (eight seconds: one minute), not the two and a half hours the session was planned
        // for, and waiting for review: the session page offers it only once its lecturer has published it. Its hours
        // are the conversion of that work: eight seconds are not a whole minute, so nothing.
        Assert.Equal(0m, course.CreditHours);
        Assert.Equal(1, await db.Lessons.Where(l => l.Id == lessonId).Select(l => l.Minutes).SingleAsync());
        Assert.False(course.Published);
        Assert.DoesNotContain($"/courses/{course.Slug}", await trainee.GetStringAsync($"/lecture-hall/sessions/{sessionId}"), StringComparison.Ordinal);
        await scope.ServiceProvider.GetRequiredService<LiveReplays>().PublishAsync(sessionId, CancellationToken.None);
        Assert.Contains($"/courses/{course.Slug}", await trainee.GetStringAsync($"/lecture-hall/sessions/{sessionId}"), StringComparison.Ordinal);
        // The key retired with the lecture: the room is closed to it.
        Assert.False(await IsLiveAsync(trainee, sessionId));

        // Watching the replay (in real time: the recording is a few seconds long) completes it as online learning,
        // for the hours its few seconds convert to: none, and never the session's centralized credit.
        await WatchAsync(trainee, lessonId);
        var personId = await db.People.Where(p => p.Mobile == "13800000001").Select(p => p.Id).SingleAsync();
        Assert.True(await db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == course.Id));
        Assert.False(await db.LedgerEntries.AnyAsync(e => e.PersonId == personId && e.CreditKey == $"course:{course.Id}"));
        Assert.False(await db.LedgerEntries.AnyAsync(e => e.PersonId == personId && e.CreditKey == $"live:{sessionId}"));
    }

    private async Task WatchAsync(HttpClient client, int lessonId)
    {
        var started = await client.PostAsJsonAsync("/api/v1/playback/start", new { lessonId });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var start = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        var playbackId = start.GetProperty("playbackId").GetGuid();
        var duration = start.GetProperty("durationSeconds").GetDouble();
        // The recording's own segments, fetched through the playback's URL: the evidence the credit rests on.
        var player = await HlsPlayer.OpenAsync(client, start.GetProperty("source").GetString()!);
        var watched = 0.0;
        while (watched < duration)
        {
            var to = Math.Min(duration, watched + 4);
            await player.FetchAsync(watched, to);
            await Task.Delay(TimeSpan.FromSeconds(to - watched + 0.3));
            var beat = await client.PostAsJsonAsync("/api/v1/playback/heartbeat",
                new { playbackId, visible = true, segments = new[] { new { from = watched, to, hidden = false } } });
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
            watched = to;
        }

        await factory.Services.GetServices<IHostedService>().OfType<ProgressFlusher>().Single().FlushAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_unknown_or_stale_key_is_refused_and_the_current_one_then_goes_live()
    {
        var sessionId = await NewSessionAsync();
        var lecturer = await factory.SignInAsync(Lecturer);
        var console = await lecturer.GetStringAsync($"/live/{sessionId}/console");
        var (port, staleKey) = Publishing(console);
        var regenerate = await lecturer.PostAsync($"/live/{sessionId}/video/key",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(console) }));
        regenerate.EnsureSuccessStatusCode();
        var key = JsonDocument.Parse(await regenerate.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        Assert.NotEqual(staleKey, key);
        var trainee = await factory.SignInAsync(Trainee);

        foreach (var refused in new[] { staleKey, LiveIngest.NewKey() })
        {
            using var wrong = Push(port, refused, seconds: 3);
            await wrong.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.NotEqual(0, wrong.ExitCode);
            Assert.False(await IsLiveAsync(trainee, sessionId));
            Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync($"/live/{sessionId}/video/index.m3u8")).StatusCode);
        }

        // The listener came back after each refusal: the current key goes live.
        using var right = await PushUntilLiveAsync(port, key, 5, trainee, sessionId);
        await right.WaitForExitAsync();
        Assert.Equal(0, right.ExitCode);
        await EndAsync(sessionId);
    }

    [Fact]
    public async Task The_browser_camera_is_for_the_sessions_staff_and_its_webm_becomes_live_hls()
    {
        var sessionId = await NewSessionAsync();
        var lecturer = await factory.SignInAsync(Lecturer);
        await lecturer.GetStringAsync($"/live/{sessionId}/console");
        var trainee = await factory.SignInAsync(Trainee);

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => CameraAsync(Trainee, sessionId));
        Assert.Contains("403", refusal.Message, StringComparison.Ordinal);

        var webm = Path.Combine(Path.GetTempPath(), $"learnhub-camera-{Guid.NewGuid():N}.webm");
        var (exit, output) = MediaTestSupport.Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=6",
            "-f", "lavfi", "-i", "sine=duration=6", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k", "-c:a", "libopus", webm);
        Assert.True(exit == 0, output);
        var bytes = await File.ReadAllBytesAsync(webm);
        File.Delete(webm);

        using (var socket = await CameraAsync(Lecturer, sessionId))
        {
            // MediaRecorder pieces arrive about twice a second; sent at that pace the stream is live as it goes.
            const int piece = 32 * 1024;
            for (var offset = 0; offset < bytes.Length; offset += piece)
            {
                await socket.SendAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
                await Task.Delay(100);
            }

            await WaitLiveAsync(trainee, sessionId);
            // One message over the limit ends the camera; the room is otherwise unharmed.
            var tooBig = new byte[LiveVideoOptions.DefaultMaxMessageBytes + 1];
            await socket.SendAsync(tooBig, WebSocketMessageType.Binary, true, CancellationToken.None);
            var closing = await socket.ReceiveAsync(new byte[16], CancellationToken.None);
            Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
        }

        // The lecturer goes live from the browser again and carries on: a second part. The first camera's writer may
        // still be finishing its part, and until it has the session refuses a second camera (409): pressing again a
        // moment later gets in, as this does.
        using (var socket = await CameraWhenFreeAsync(Lecturer, sessionId))
        {
            const int piece = 32 * 1024;
            for (var offset = 0; offset < bytes.Length; offset += piece)
            {
                await socket.SendAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
                await Task.Delay(100);
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }

        await EndAsync(sessionId);
        var (lessonId, status) = await WaitForReplayAsync(sessionId);
        Assert.Equal(MediaStatus.Ready, status);
        // Both parts are in the replay: each is six seconds of picture, so one alone would be at most about six.
        await using var scope = factory.Services.CreateAsyncScope();
        var assetId = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().Lessons.Where(l => l.Id == lessonId).Select(l => l.MediaAssetId).SingleAsync();
        var asset = await scope.ServiceProvider.GetRequiredService<MediaLibrary>().FindAsync(assetId!.Value, CancellationToken.None);
        Assert.True(asset!.DurationSeconds > 9, $"The replay is {asset.DurationSeconds} s long.");
    }

    private async Task<WebSocket> CameraWhenFreeAsync(string email, int sessionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await CameraAsync(email, sessionId);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("409", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private async Task<WebSocket> CameraAsync(string email, int sessionId)
    {
        var cookie = await LiveTestSupport.SignInCookieAsync(factory, email);
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers["Cookie"] = cookie;
            request.Headers["Origin"] = "http://localhost";
        };
        return await client.ConnectAsync(new Uri($"ws://localhost{LiveVideoModule.CameraPath(sessionId)}"), CancellationToken.None);
    }

    internal static (int Port, string Key) Publishing(string console)
    {
        var port = int.Parse(RtmpUrl().Match(console).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (port, StreamKey().Match(console).Groups[1].Value);
    }

    /// <summary>ffmpeg as an encoder would be: real time, H.264 with a keyframe a second, AAC, FLV over RTMP.</summary>
    internal static Process Push(int port, string key, int seconds)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "-v", "error", "-re", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate=25:duration={seconds}", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}",
                     "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
                     "-f", "flv", $"rtmp://127.0.0.1:{port}/live/{key}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    internal static async Task<bool> IsLiveAsync(HttpClient client, int sessionId)
    {
        var json = await client.GetStringAsync($"/live/{sessionId}/video/state");
        return JsonDocument.Parse(json).RootElement.GetProperty("live").GetBoolean();
    }

    /// <summary>
    /// Publishes as an encoder does (OBS retries too): the listener needs a moment to start, and after a
    /// refused key it restarts, so a publish that finds the port closed is tried again.
    /// </summary>
    internal static async Task<Process> PushUntilLiveAsync(int port, string key, int seconds, HttpClient client, int sessionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var push = Push(port, key, seconds);
            while (!push.HasExited || push.ExitCode == 0)
            {
                if (await IsLiveAsync(client, sessionId))
                {
                    return push;
                }

                Assert.True(DateTime.UtcNow < deadline, "The session's video never went live.");
                await Task.Delay(200);
            }

            push.Dispose();
            Assert.True(DateTime.UtcNow < deadline, "The session's video never went live.");
            await Task.Delay(500);
        }
    }

    internal static async Task WaitLiveAsync(HttpClient client, int sessionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await IsLiveAsync(client, sessionId))
        {
            Assert.True(DateTime.UtcNow < deadline, "The session's video never went live.");
            await Task.Delay(200);
        }
    }

    /// <summary>The end of the lecture as the hub's EndLecture does it for the video.</summary>
    private async Task EndAsync(int sessionId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LearnHub.Web.Identity.AppUser>>().FindByEmailAsync(Lecturer);
        await scope.ServiceProvider.GetRequiredService<LiveVideoService>().EndAsync(sessionId, owner!.Id);
    }

    private async Task<(int LessonId, MediaStatus Status)> WaitForReplayAsync(int sessionId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            var lessonId = await db.LiveBroadcasts.Where(b => b.SessionId == sessionId).Select(b => b.ReplayLessonId).SingleOrDefaultAsync();
            var assetId = lessonId is null ? null : await db.Lessons.Where(l => l.Id == lessonId).Select(l => l.MediaAssetId).SingleAsync();
            if (assetId is { } id && await scope.ServiceProvider.GetRequiredService<MediaLibrary>().FindAsync(id, CancellationToken.None) is { Status: MediaStatus.Ready or MediaStatus.Failed } asset)
            {
                return (lessonId!.Value, asset.Status);
            }

            Assert.True(DateTime.UtcNow < deadline, "The recording never became a ready replay lesson.");
            await Task.Delay(500);
        }
    }

    private Task<int> NewSessionAsync() => LiveTestSupport.NewSessionAsync(factory, "直播视频测试");

    [GeneratedRegex(@"rtmp://[^:""]+:(\d+)/live")]
    private static partial Regex RtmpUrl();

    [GeneratedRegex(@"id=""lc-stream-key""[^>]*value=""([^""]+)""")]
    private static partial Regex StreamKey();
}
