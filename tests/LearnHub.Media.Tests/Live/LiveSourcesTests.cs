using LearnHub.Media.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearnHub.Media.Tests.Live;

public sealed class LiveSourcesTests
{
    private static (RtmpPublish Publish, Func<bool> Killed) Publish()
    {
        var killed = false;
        return (new RtmpPublish(Stream.Null, "h264", () => killed = true), () => killed);
    }

    [Fact]
    public async Task A_newer_publish_cuts_the_older_off_and_waits_until_it_finished()
    {
        var sources = new LiveSources(TimeSpan.FromSeconds(5), NullLogger.Instance);
        var (first, firstKilled) = Publish();
        var firstDone = new TaskCompletionSource();
        await sources.TakeOverAsync(first, firstDone.Task);
        sources.Sending();

        var (second, _) = Publish();
        var takeOver = sources.TakeOverAsync(second, Task.CompletedTask);
        Assert.True(firstKilled());
        Assert.False(takeOver.IsCompleted);

        // The older one's writer finishes; only then may the newer one write the playlist.
        sources.Ended(first);
        firstDone.SetResult();
        await takeOver.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(sources.Receiving);
    }

    [Fact]
    public async Task The_end_of_a_replaced_publish_does_not_stop_the_session_receiving()
    {
        var sources = new LiveSources(TimeSpan.FromSeconds(5), NullLogger.Instance);
        var (first, _) = Publish();
        var (second, _) = Publish();
        await sources.TakeOverAsync(first, Task.CompletedTask);
        await sources.TakeOverAsync(second, Task.CompletedTask);
        sources.Sending();

        sources.Ended(first);
        Assert.True(sources.Receiving);
        sources.Ended(second);
        Assert.False(sources.Receiving);
    }

    [Fact]
    public void One_browser_camera_at_a_time()
    {
        var sources = new LiveSources(TimeSpan.FromSeconds(5), NullLogger.Instance);
        object camera = new(), other = new();
        Assert.True(sources.TryBeginBrowser(camera));
        Assert.True(sources.BrowserActive);
        Assert.True(sources.Receiving);
        Assert.False(sources.TryBeginBrowser(other));

        sources.EndBrowser(other);
        Assert.True(sources.BrowserActive);
        sources.EndBrowser(camera);
        Assert.False(sources.BrowserActive);
        Assert.False(sources.Receiving);
        Assert.True(sources.TryBeginBrowser(other));
    }
}
