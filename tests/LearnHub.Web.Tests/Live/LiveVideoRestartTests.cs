using LearnHub.Media.Live;
using System.Net.WebSockets;
using LearnHub.Courses.Data;
using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Live;

/// <summary>LearnHub on a data folder and RTMP ports that outlive it: disposing one and starting another is a restart.</summary>
public sealed class RestartableLiveFactory(string dataPath, int firstPort) : LearnHubFactory(dataPath)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LiveVideo:RtmpPorts", $"{firstPort}-{firstPort + 9}");
        builder.UseSetting("LiveVideo:ListenAddress", "127.0.0.1");
        builder.UseSetting("LiveRoom:Node", "restart-test");
    }
}

/// <summary>Real ffmpeg over RTMP and the camera socket across restarts of LearnHub: the broadcast resumes, and every part reaches one replay.</summary>
[Trait("Category", "MediaTools")]
public sealed class LiveVideoRestartTests : IDisposable
{
    private const string Lecturer = "lecturer2@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";
    private static int _nextRange = 19850 + (Environment.ProcessId % 20 * 10);

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "learnhub-tests", Guid.NewGuid().ToString("N"));
    private readonly int _firstPort = Interlocked.Add(ref _nextRange, 10);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold its file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task A_restart_mid_lecture_resumes_the_listener_and_an_interrupted_end_still_makes_one_replay_of_every_part()
    {
        int sessionId, port;
        string key;
        // First run: the console opens the broadcast and OBS sends four seconds; LearnHub then stops mid-lecture.
        using (var first = new RestartableLiveFactory(_dataPath, _firstPort))
        {
            sessionId = await LiveTestSupport.NewSessionAsync(first, "重启续播测试");
            var lecturer = await first.SignInAsync(Lecturer);
            (port, key) = LiveVideoTests.Publishing(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
            var trainee = await first.SignInAsync(Trainee);
            using var push = await LiveVideoTests.PushUntilLiveAsync(port, key, 4, trainee, sessionId);
            await push.WaitForExitAsync();
            Assert.Equal(0, push.ExitCode);
        }

        // Second run: nobody opens the console, yet the same port and key take the encoder again; then the
        // lecturer goes on from the browser camera (VP8/Opus: a part of another kind). The end of the lecture
        // is cut off right after the video stopped, before the replay was made.
        using (var second = new RestartableLiveFactory(_dataPath, _firstPort))
        {
            var trainee = await second.SignInAsync(Trainee);
            using var push = await LiveVideoTests.PushUntilLiveAsync(port, key, 4, trainee, sessionId);
            await push.WaitForExitAsync();
            Assert.Equal(0, push.ExitCode);
            await CameraAsync(second, sessionId, trainee, seconds: 4);
            await using var scope = second.Services.CreateAsyncScope();
            var ownerId = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LearnHub.Web.Identity.AppUser>>().FindByEmailAsync(Lecturer))!.Id;
            await scope.ServiceProvider.GetRequiredService<LiveIngest>().CloseAsync(sessionId, ownerId);
            Assert.Equal(3, LiveIngest.RecordingParts(scope.ServiceProvider.GetRequiredService<LiveVideoOptions>(), sessionId).Count);
        }

        // Third run: the ended lecture's parts become one replay, once, about as long as all of them together.
        using var third = new RestartableLiveFactory(_dataPath, _firstPort);
        var (lessonId, asset) = await WaitForReplayAsync(third, sessionId);
        Assert.Equal(MediaStatus.Ready, asset.Status);
        Assert.InRange(asset.DurationSeconds ?? 0, 9.5, 14.5);
        await using (var scope = third.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<LiveRecordings>().FinishAsync(sessionId, CancellationToken.None));
            var media = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
            Assert.Equal(1, await media.Assets.CountAsync(a => a.LessonId == lessonId));
            Assert.False(Directory.Exists(scope.ServiceProvider.GetRequiredService<LiveVideoOptions>().SessionFolder(sessionId)));
        }
    }

    /// <summary>The browser camera as MediaRecorder sends it: a WebM in pieces, at about real time.</summary>
    private static async Task CameraAsync(RestartableLiveFactory factory, int sessionId, HttpClient watcher, int seconds)
    {
        var webm = Path.Combine(Path.GetTempPath(), $"learnhub-camera-{Guid.NewGuid():N}.webm");
        var (exit, output) = MediaTestSupport.Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size=320x240:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", $"sine=duration={seconds}", "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k", "-c:a", "libopus", webm);
        Assert.True(exit == 0, output);
        var bytes = await File.ReadAllBytesAsync(webm);
        File.Delete(webm);
        var cookie = await LiveTestSupport.SignInCookieAsync(factory, Lecturer);
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers["Cookie"] = cookie;
            request.Headers["Origin"] = "http://localhost";
        };
        using var socket = await client.ConnectAsync(new Uri($"ws://localhost{LiveVideoModule.CameraPath(sessionId)}"), CancellationToken.None);
        var piece = Math.Max(4096, bytes.Length / (seconds * 4));
        for (var offset = 0; offset < bytes.Length; offset += piece)
        {
            await socket.SendAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
            await Task.Delay(250);
        }

        await LiveVideoTests.WaitLiveAsync(watcher, sessionId);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopped", CancellationToken.None);
    }

    private static async Task<(int LessonId, MediaAssetView Asset)> WaitForReplayAsync(RestartableLiveFactory factory, int sessionId)
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
                return (lessonId!.Value, asset);
            }

            Assert.True(DateTime.UtcNow < deadline, "The recording never became a ready replay lesson.");
            await Task.Delay(500);
        }
    }
}
