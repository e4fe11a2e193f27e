using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>
/// A session's RTMP port, held by LearnHub itself: every connection is handed to <paramref name="onConnection"/>
/// on its own, so no connection waits for another. The port stays open between connections (no gap while a
/// listener restarts) and closes with this process, so a crash leaves nothing holding it. A port taken by another
/// program is tried again, backing off up to 30 s. <paramref name="bound"/> is the port already opened by
/// <see cref="TryBind"/>, used by the first start so no other program can take it in between.
/// </summary>
internal sealed class RtmpPort(IPAddress address, int port, Func<TcpClient, CancellationToken, Task> onConnection, ILogger logger, TcpListener? bound = null)
    : IDisposable
{
    private TcpListener? _bound = bound;

    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;

    public int Port => port;

    /// <summary>Opens the port now, or null when another program holds it (or the system refuses it).</summary>
    public static TcpListener? TryBind(IPAddress address, int port, ILogger logger)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException e)
        {
            listener.Dispose();
            logger.LogWarning("The RTMP port {Port} cannot be opened: {Message}", port, e.Message);
            return null;
        }
    }

    public bool Listening
    {
        get
        {
            lock (_gate)
            {
                return _stop is not null;
            }
        }
    }

    /// <summary>Starts listening; nothing happens when it already listens.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stop is not null)
            {
                return;
            }

            _stop = new CancellationTokenSource();
            var stop = _stop.Token;
            _loop = Task.Run(() => ListenLoopAsync(stop), CancellationToken.None);
        }
    }

    /// <summary>Closes the port and waits for every connection's handler, which stop on the same token.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? stop;
        Task running;
        lock (_gate)
        {
            stop = _stop;
            running = _loop;
            _stop = null;
        }

        if (stop is not null)
        {
            await stop.CancelAsync();
            await running;
            stop.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stop?.Dispose();
            _stop = null;
            _bound?.Dispose();
            _bound = null;
        }
    }

    private async Task ListenLoopAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            TcpListener listener;
            lock (_gate)
            {
                listener = _bound ?? new TcpListener(address, port);
                _bound = null;
            }

            try
            {
                listener.Start();
                failures = 0;
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(stop);
                    Track(Task.Run(() => onConnection(client, stop), CancellationToken.None));
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                failures++;
                logger.LogWarning("The RTMP port {Port} cannot be opened: {Message}", port, e.Message);
            }
            finally
            {
                listener.Stop();
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(30_000, 300 * (1 << Math.Min(failures, 7)))), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Task[] running;
        lock (_gate)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running);
    }

    private void Track(Task connection)
    {
        lock (_gate)
        {
            _connections.Add(connection);
        }

        _ = connection.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _connections.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
