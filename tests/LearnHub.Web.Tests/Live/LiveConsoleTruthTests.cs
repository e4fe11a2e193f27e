using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LearnHub.Media.Live;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Live;

/// <summary>
/// The app with an RTMP range of two loopback ports that were free when it was made, at 14:30 on the test day
/// (the clock stands still), so a test can hold one or both of them the way another program would.
/// </summary>
public sealed class TwoPortLiveFactory : LearnHubFactory
{
    public TwoPortLiveFactory()
    {
        FirstPort = FreePair();
    }

    public int FirstPort { get; }

    protected override TestClock CreateClock() => new(OnTestDay(14, 30), running: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LiveVideo:RtmpPorts", $"{FirstPort}-{FirstPort + 1}");
        builder.UseSetting("LiveVideo:ListenAddress", "127.0.0.1");
        builder.UseSetting("LiveRoom:AttentionChecks:IntervalMinutes", "0");
    }

    /// <summary>A port the system picks whose next port is free too.</summary>
    private static int FreePair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= 65535)
            {
                continue;
            }

            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another pair.
            }
        }

        throw new InvalidOperationException("No two adjacent free loopback ports.");
    }
}

/// <summary>The console tells the truth: an ended broadcast says it ended, and a port another program holds is never shown.</summary>
public sealed class LiveConsoleTruthTests(TwoPortLiveFactory factory) : IClassFixture<TwoPortLiveFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";

    [Fact]
    public async Task Once_the_lecture_ends_the_video_state_answers_ended_and_the_console_offers_no_stream_key_again()
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "直播结束测试");
        var lecturer = await factory.SignInAsync(Lecturer);
        var trainee = await factory.SignInAsync(Trainee);
        Assert.Contains("rtmp://", await lecturer.GetStringAsync($"/live/{sessionId}/console"), StringComparison.Ordinal);
        await using var hub = await LiveTestSupport.BuildAsync(factory, Lecturer, sessionId);
        await hub.StartAsync();
        await hub.InvokeAsync("StartLecture");

        // Running, with no video sent yet: waiting, not ended, and the room's note is the one for "live, no video yet".
        var running = await StateAsync(trainee, sessionId);
        Assert.False(running.GetProperty("ended").GetBoolean());
        Assert.False(running.GetProperty("live").GetBoolean());
        var room = await trainee.GetStringAsync($"/live/{sessionId}");
        Assert.Contains("data-ended=\"false\"", room, StringComparison.Ordinal);
        Assert.DoesNotContain("本期已举办，没有在线直播", room, StringComparison.Ordinal);

        await hub.InvokeAsync<List<LiveAttendanceDto>>("EndLecture");

        // Both the lecturer's console and the trainee's room hear "ended": their scripts stop polling and the camera on it.
        foreach (var client in new[] { lecturer, trainee })
        {
            var state = await StateAsync(client, sessionId);
            Assert.True(state.GetProperty("ended").GetBoolean());
            Assert.False(state.GetProperty("live").GetBoolean());
            Assert.False(state.TryGetProperty("src", out _));
        }

        var console = await lecturer.GetStringAsync($"/live/{sessionId}/console");
        Assert.DoesNotContain("rtmp://", console, StringComparison.Ordinal);
        Assert.DoesNotContain("lc-stream-key", console, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"video-ended\"", console, StringComparison.Ordinal);
        Assert.Contains("data-ended=\"true\"", console, StringComparison.Ordinal);
        Assert.Contains("本期讲座已结束。", console, StringComparison.Ordinal);
        // Reopening the console did not open the broadcast again.
        Assert.False(factory.Services.GetRequiredService<LiveIngest>().IsOpen(sessionId));
        Assert.True((await StateAsync(lecturer, sessionId)).GetProperty("ended").GetBoolean());
    }

    [Fact]
    public async Task A_port_another_program_holds_is_passed_over_and_with_none_left_the_console_says_so_and_shows_no_address()
    {
        var ingest = factory.Services.GetRequiredService<LiveIngest>();
        var lecturer = await factory.SignInAsync(Lecturer);
        var first = await LiveTestSupport.NewSessionAsync(factory, "端口占用测试一");
        var second = await LiveTestSupport.NewSessionAsync(factory, "端口占用测试二");
        try
        {
            using (var other = new TcpListener(IPAddress.Loopback, factory.FirstPort))
            {
                other.Start();

                // The first port is held: the console shows the next one, and it answers.
                var console = await lecturer.GetStringAsync($"/live/{first}/console");
                var (port, _) = LiveVideoTests.Publishing(console);
                Assert.Equal(factory.FirstPort + 1, port);
                using (var client = new TcpClient())
                {
                    await client.ConnectAsync(IPAddress.Loopback, port);
                }

                // The other port is this app's own, for the first session: nothing left for the second.
                console = await lecturer.GetStringAsync($"/live/{second}/console");
                Assert.DoesNotContain("rtmp://", console, StringComparison.Ordinal);
                Assert.DoesNotContain("lc-stream-key", console, StringComparison.Ordinal);
                Assert.Contains("data-testid=\"rtmp-unavailable\"", console, StringComparison.Ordinal);
                Assert.Contains($"{factory.FirstPort}-{factory.FirstPort + 1}", console, StringComparison.Ordinal);
                Assert.Contains("从本浏览器开播", console, StringComparison.Ordinal);
                // The browser camera still has the session's video to send to.
                Assert.True(ingest.IsOpen(second));
                Assert.Null(ingest.PortOf(second));
            }

            // The other program let go: opening the console again finds the port.
            var again = await lecturer.GetStringAsync($"/live/{second}/console");
            Assert.Equal(factory.FirstPort, LiveVideoTests.Publishing(again).Port);
        }
        finally
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var video = scope.ServiceProvider.GetRequiredService<LiveVideoService>();
            await video.EndAsync(first, "");
            await video.EndAsync(second, "");
        }
    }

    private static async Task<JsonElement> StateAsync(HttpClient client, int sessionId) =>
        JsonDocument.Parse(await client.GetStringAsync($"/live/{sessionId}/video/state")).RootElement;
}
