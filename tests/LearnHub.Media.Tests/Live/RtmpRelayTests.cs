using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LearnHub.Media.Live;
using LearnHub.Media.Tools;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearnHub.Media.Tests.Live;

/// <summary>The key check against the real ffmpeg: one connection, published by an ffmpeg encoder.</summary>
[Trait("Category", "MediaTools")]
public sealed class RtmpRelayTests
{
    private static readonly IFfmpeg Ffmpeg = new FfmpegRunner(new FfmpegLocator(new ConfigurationBuilder().Build()));

    [Fact]
    public async Task The_right_key_is_handed_on_as_mpeg_ts_with_its_video_codec()
    {
        string? codec = null;
        long bytes = 0;
        var (accepted, published) = await PublishAsync("right-key", "right-key", async publish =>
        {
            codec = publish.VideoCodec;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await publish.Output.ReadAsync(buffer)) > 0)
            {
                // The relay passes the connection's bytes until its ffmpeg goes: cut off, as a newer publish would.
                if ((bytes += read) > 10_000)
                {
                    publish.Kill();
                }
            }
        });

        Assert.True(accepted);
        Assert.True(published);
        Assert.Equal("h264", codec);
        Assert.True(bytes > 1000, $"{bytes} bytes relayed");
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_nothing_is_handed_on()
    {
        var (accepted, published) = await PublishAsync("right-key", "stale-key", _ => Task.CompletedTask);
        Assert.False(accepted);
        Assert.False(published);
    }

    /// <summary>An encoder publishes a test picture with <paramref name="used"/> through a relay expecting <paramref name="key"/>.</summary>
    private static async Task<(bool Accepted, bool Published)> PublishAsync(string key, string used, Func<RtmpPublish, Task> onPublish)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var encoder = Encoder(port, used);
        try
        {
            using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var published = false;
            var relay = new RtmpRelay(Ffmpeg, TimeSpan.FromSeconds(20), NullLogger.Instance);
            var accepted = await relay.RunAsync(client.GetStream(), key, "test encoder", async publish =>
            {
                published = true;
                await onPublish(publish);
            }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(40));
            return (accepted, published);
        }
        finally
        {
            listener.Stop();
            if (!encoder.HasExited)
            {
                encoder.Kill(entireProcessTree: true);
            }

            await encoder.WaitForExitAsync();
            encoder.Dispose();
        }
    }

    private static Process Encoder(int port, string key)
    {
        var folder = new FfmpegLocator(new ConfigurationBuilder().Build()).FindFolder() ?? throw new InvalidOperationException(FfmpegLocator.InstallHint);
        var info = new ProcessStartInfo(Path.Combine(folder, "ffmpeg")) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=20",
                     "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-f", "flv", $"rtmp://127.0.0.1:{port}/live/{key}",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
