using LearnHub.Media.Live;
using System.Diagnostics;
using System.Net.Sockets;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Xunit.Abstractions;

namespace LearnHub.Web.Tests.Live;

/// <summary>Someone publishing wrong keys to a session's port, and someone holding a connection open without speaking, while the lecturer's encoder connects.</summary>
public sealed class LiveVideoKeyHammerTests(LiveVideoFactory factory, ITestOutputHelper output) : IClassFixture<LiveVideoFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wrong_keys_and_a_silent_connection_on_the_port_keep_the_right_key_waiting_only_briefly(bool withSilentConnection)
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "错误密钥冲击测试");
        var lecturer = await factory.SignInAsync(Lecturer);
        var (port, key) = LiveVideoTests.Publishing(await lecturer.GetStringAsync($"/live/{sessionId}/console"));
        var trainee = await factory.SignInAsync(Trainee);

        // A small FLV sent as it is: the wrong publishers cost this machine little, so what is measured is LearnHub.
        var flv = Path.Combine(Path.GetTempPath(), $"learnhub-hammer-{Guid.NewGuid():N}.flv");
        var (exit, made) = MediaTestSupport.Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=5",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "flv", flv);
        Assert.True(exit == 0, made);

        // Holds a connection open and never speaks: an RTMP listener that waits for its handshake is taken.
        using var silent = new TcpClient();
        if (withSilentConnection)
        {
            await silent.ConnectAsync("127.0.0.1", port);
        }

        using var hammering = new CancellationTokenSource();
        var attempts = 0;
        var hammers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!hammering.IsCancellationRequested)
            {
                using var wrong = Copy(flv, port, LiveIngest.NewKey());
                await wrong.WaitForExitAsync(CancellationToken.None);
                Interlocked.Increment(ref attempts);
            }
        })).ToList();
        while (Volatile.Read(ref attempts) < 12)
        {
            await Task.Delay(100);
        }

        var clock = Stopwatch.StartNew();
        using var right = await LiveVideoTests.PushUntilLiveAsync(port, key, 4, trainee, sessionId);
        var waited = clock.Elapsed;
        var wrongSoFar = Volatile.Read(ref attempts);
        await hammering.CancelAsync();
        await Task.WhenAll(hammers);
        await right.WaitForExitAsync();
        File.Delete(flv);
        output.WriteLine($"The right key went live {waited.TotalSeconds:0.0} s after it started, with {wrongSoFar} wrong publishes{(withSilentConnection ? " and a silent connection" : "")} on the port.");
        Assert.True(waited < TimeSpan.FromSeconds(10), $"The right key waited {waited.TotalSeconds:0.0} s.");
        Assert.Equal(0, right.ExitCode);
    }

    private static Process Copy(string flv, int port, string key)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-v", "error", "-re", "-i", flv, "-c", "copy", "-f", "flv", $"rtmp://127.0.0.1:{port}/live/{key}" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }
}
