using System.Net;
using System.Net.Sockets;
using LearnHub.Media.Live;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearnHub.Media.Tests.Live;

public sealed class RtmpPortTests
{
    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Fact]
    public async Task A_connection_that_never_speaks_does_not_keep_the_next_one_waiting()
    {
        var port = FreePort();
        var handled = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rtmp = new RtmpPort(IPAddress.Loopback, port, async (client, stop) =>
        {
            using var _ = client;
            if (Interlocked.Increment(ref handled) == 2)
            {
                second.SetResult();
            }

            // Holds its connection until the port closes, as a silent client would.
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }, NullLogger.Instance);
        rtmp.Start();
        try
        {
            using var silent = await ConnectAsync(port);
            using var next = await ConnectAsync(port);
            await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await rtmp.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
            rtmp.Dispose();
        }

        Assert.False(rtmp.Listening);
    }

    [Fact]
    public async Task Stopping_waits_for_every_connection_and_closes_the_port()
    {
        var port = FreePort();
        var finished = false;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rtmp = new RtmpPort(IPAddress.Loopback, port, async (client, stop) =>
        {
            using var _ = client;
            started.SetResult();
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            await Task.Delay(200, CancellationToken.None);
            finished = true;
        }, NullLogger.Instance);
        rtmp.Start();
        using (await ConnectAsync(port))
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await rtmp.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.True(finished);
        using var refused = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(IPAddress.Loopback, port));
        rtmp.Dispose();
    }

    [Fact]
    public async Task A_port_taken_by_another_program_is_taken_once_it_is_free()
    {
        var port = FreePort();
        var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var rtmp = new RtmpPort(IPAddress.Loopback, port, (client, _) =>
        {
            client.Dispose();
            handled.TrySetResult();
            return Task.CompletedTask;
        }, NullLogger.Instance);
        rtmp.Start();
        await Task.Delay(500);
        squatter.Stop();
        try
        {
            using var client = await ConnectAsync(port);
            await handled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await rtmp.StopAsync();
            rtmp.Dispose();
        }
    }

    /// <summary>Connects, retrying while the port is not (yet) open.</summary>
    private static async Task<TcpClient> ConnectAsync(int port)
    {
        for (var i = 0; ; i++)
        {
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return client;
            }
            catch (SocketException) when (i < 100)
            {
                client.Dispose();
                await Task.Delay(100);
            }
        }
    }
}
