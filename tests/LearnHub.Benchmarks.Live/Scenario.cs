using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Benchmarks.Live;

public sealed record ScenarioResult(
    string Target, int Clients, int Slow, long Expected, long Lost, double P50, double P99, double Max,
    double MemoryBeforeMb, double MemoryConnectedMb, double MemoryEndMb, double BytesPerConnection,
    int SlideChanges, int Chats, int PollAnswers, int Failures, double PublishesPerSlide, int SlowClosed);

/// <summary>
/// One measured run: N trainees connect (1 % or another share of them never read again), then for
/// the given seconds the lecturer changes the slide once a second, trainees chat 20 times a second
/// and a poll runs from the first to the last quarter; every healthy trainee answers it.
/// </summary>
public sealed class Scenario(Target target, int clients, int seconds, double slowPercent, bool messagePack, int chatLength = 30)
{
    private readonly long[] _slideSentAt = new long[8];
    private readonly ConcurrentQueue<double> _latencies = new();
    private long _received;
    private int _refused;
    private int _failures;
    private bool _measuring = true;
    private long _slides;
    private long _chats;
    private long _polls;

    public async Task<ScenarioResult> RunAsync()
    {
        var slow = (int)Math.Round(clients * slowPercent / 100);
        var healthy = clients - slow;
        var memoryBefore = target.ServerMemory();
        await using var lecturer = Build(0, lecturerCookies: true);
        await lecturer.StartAsync();
        await lecturer.InvokeAsync("StartLecture");

        var trainees = new HubConnection[healthy];
        var answered = new int[healthy];
        using (var gate = new SemaphoreSlim(32))
        {
            await Task.WhenAll(Enumerable.Range(0, healthy).Select(async i =>
            {
                var connection = trainees[i] = Build(i, lecturerCookies: false);
                connection.On<SlideDto>("Slide", slide =>
                {
                    if (Volatile.Read(ref _measuring))
                    {
                        var sentAt = Volatile.Read(ref _slideSentAt[slide.Index]);
                        _latencies.Enqueue(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                        Interlocked.Increment(ref _received);
                        Interlocked.Increment(ref _slides);
                    }
                });
                // The bare hub sends every chat line alone; LearnHub bundles them (ChatRelay): count lines either way.
                if (target.Name == "bare")
                {
                    connection.On<ChatDto>("Chat", _ =>
                    {
                        Interlocked.Increment(ref _received);
                        Interlocked.Increment(ref _chats);
                    });
                }
                else
                {
                    connection.On<ChatDto[]>("Chat", lines =>
                    {
                        Interlocked.Add(ref _received, lines.Length);
                        Interlocked.Add(ref _chats, lines.Length);
                    });
                }
                connection.On<string>("Refused", _ => Interlocked.Increment(ref _refused));
                connection.On<PollDto>("Poll", poll =>
                {
                    Interlocked.Increment(ref _received);
                    Interlocked.Increment(ref _polls);
                    if (poll.Open && Interlocked.Exchange(ref answered[i], 1) == 0)
                    {
                        // Answers spread over five seconds, as people read the question first.
                        _ = AnswerAsync(connection, poll.Id, i);
                    }
                });
                await gate.WaitAsync();
                try
                {
                    await connection.StartAsync();
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var stalled = new List<Socket>();
        for (var i = 0; i < slow; i++)
        {
            stalled.Add(await OpenStalledAsync(healthy + i));
        }

        using var stopPinging = new CancellationTokenSource();
        var pinging = KeepAliveAsync(stalled, stopPinging.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var memoryConnected = target.ServerMemory();

        // The measured phase: ticks of 50 ms; a slide change every 20th, a chat at every tick.
        var slideChanges = 0;
        var chats = 0;
        var calls = new List<Task>();
        var text = new string('问', chatLength);
        var start = Stopwatch.GetTimestamp();
        for (var tick = 0; tick < seconds * 20; tick++)
        {
            var due = TimeSpan.FromMilliseconds(tick * 50) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            if (tick % 20 == 0)
            {
                var index = slideChanges++ % 8;
                Volatile.Write(ref _slideSentAt[index], Stopwatch.GetTimestamp());
                calls.Add(lecturer.InvokeAsync("SetSlide", index));
            }

            if (tick == seconds * 20 / 4)
            {
                calls.Add(lecturer.InvokeAsync("LaunchPoll", "本期内容是否清楚？", new[] { "清楚", "基本清楚", "不清楚" }));
            }

            if (tick == seconds * 20 * 3 / 4)
            {
                calls.Add(lecturer.InvokeAsync("ClosePoll"));
            }

            calls.Add(trainees[tick * 7 % healthy].InvokeAsync("SendChat", text));
            chats++;
        }

        foreach (var call in calls)
        {
            try
            {
                await call;
            }
            catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException)
            {
                if (Interlocked.Increment(ref _failures) == 1)
                {
                    Console.Error.WriteLine($"first failure: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        // Let the last messages arrive: stop waiting once everything came or nothing moved for 15 s
        // (on an oversubscribed machine a node can be starved for seconds with messages still queued).
        long Expected() => (long)healthy * (slideChanges + chats - Volatile.Read(ref _refused) + 2);
        for (long last = -1, quiet = 0; Interlocked.Read(ref _received) < Expected() && quiet < 30; await Task.Delay(500))
        {
            var now = Interlocked.Read(ref _received);
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }

        var memoryEnd = target.ServerMemory();
        var received = Interlocked.Read(ref _received);
        var accepted = chats - Volatile.Read(ref _refused);
        var expected = Expected();
        Volatile.Write(ref _measuring, false);
        Console.Error.WriteLine($"  per healthy client: slides {Interlocked.Read(ref _slides) / (double)healthy:F2} of {slideChanges}, " +
            $"chats {Interlocked.Read(ref _chats) / (double)healthy:F2} of {accepted} accepted ({Volatile.Read(ref _refused)} refused), polls {Interlocked.Read(ref _polls) / (double)healthy:F2} of 2");
        var publishes = await MeasurePublishesAsync(lecturer);
        await stopPinging.CancelAsync();
        await pinging;
        var closedByServer = stalled.Count(IsClosed);
        foreach (var socket in stalled)
        {
            socket.Dispose();
        }

        await Task.WhenAll(trainees.Select(t => t.DisposeAsync().AsTask()));
        var latencies = _latencies.Order().ToArray();
        return new ScenarioResult(target.Name, clients, slow, expected, Math.Max(0, expected - received),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length == 0 ? 0 : latencies[^1],
            memoryBefore / 1048576.0, memoryConnected / 1048576.0, memoryEnd / 1048576.0, (memoryConnected - memoryBefore) / (double)clients,
            slideChanges, chats, answered.Sum(), _failures, publishes, closedByServer);
    }

    private async Task AnswerAsync(HubConnection connection, int pollId, int i)
    {
        await Task.Delay(i % 100 * 50);
        try
        {
            await connection.InvokeAsync("AnswerPoll", pollId, i % 3);
        }
        catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    /// <summary>PUBLISH commands per slide change, over ten changes once the room is quiet (backplane only).</summary>
    private async Task<double> MeasurePublishesAsync(HubConnection lecturer)
    {
        if (target.RedisPort is null)
        {
            return 0;
        }

        await Task.Delay(1000);
        var before = await target.RedisPublishesAsync();
        for (var i = 0; i < 10; i++)
        {
            await lecturer.InvokeAsync("SetSlide", i % 8);
        }

        await Task.Delay(1000);
        return (await target.RedisPublishesAsync() - before) / 10.0;
    }

    private HubConnection Build(int i, bool lecturerCookies)
    {
        var url = target.Urls[i % target.Urls.Count];
        var builder = new HubConnectionBuilder().WithUrl($"{url}/hubs/live?session={target.SessionId}", options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            var cookies = lecturerCookies ? target.Lecturer : target.Trainees.Count == 0 ? null : target.Trainees[i % target.Trainees.Count];
            if (cookies is not null)
            {
                options.Cookies = cookies;
            }
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var connection = builder.Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(2);
        return connection;
    }

    /// <summary>
    /// A client that completes the SignalR handshake and then never reads again: a raw socket with a
    /// small receive buffer, so the server's side fills as it would for a frozen tab.
    /// </summary>
    private async Task<Socket> OpenStalledAsync(int i)
    {
        var uri = new Uri($"{target.Urls[i % target.Urls.Count]}/hubs/live?session={target.SessionId}");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, uri.Port);
        var cookie = target.Trainees.Count == 0 ? "" : $"Cookie: {target.Trainees[i % target.Trainees.Count].GetCookieHeader(uri)}\r\n";
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{cookie}\r\n"));
        var response = new StringBuilder();
        var buffer = new byte[1024];
        while (!response.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                throw new IOException("The server closed the stalled client's upgrade.");
            }

            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        if (!response.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new IOException("Upgrade refused: " + response.ToString().Split('\r')[0]);
        }

        await socket.SendAsync(Frame("{\"protocol\":\"json\",\"version\":1}\u001e"));
        return socket;
    }

    /// <summary>
    /// A stalled client still sends SignalR pings, as a tab whose script runs but whose reading is
    /// stuck would: without them the server's 30 s client timeout, not the slow-client guard, would close it.
    /// </summary>
    private static async Task KeepAliveAsync(List<Socket> sockets, CancellationToken stop)
    {
        var ping = Frame("{\"type\":6}\u001e");
        while (!stop.IsCancellationRequested)
        {
            foreach (var socket in sockets.Where(s => !IsClosed(s)))
            {
                try
                {
                    await socket.SendAsync(ping, SocketFlags.None, CancellationToken.None);
                }
                catch (SocketException)
                {
                    // Closed by the server: what the guard is for.
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>True once a ping failed: the server closed the connection (Socket.Connected reflects the last operation).</summary>
    private static bool IsClosed(Socket socket) => !socket.Connected;

    /// <summary>One masked WebSocket text frame (payloads under 126 bytes).</summary>
    private static byte[] Frame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var mask = RandomNumberGenerator.GetBytes(4);
        var frame = new byte[6 + payload.Length];
        frame[0] = 0x81;
        frame[1] = (byte)(0x80 | payload.Length);
        mask.CopyTo(frame, 2);
        for (var b = 0; b < payload.Length; b++)
        {
            frame[6 + b] = (byte)(payload[b] ^ mask[b % 4]);
        }

        return frame;
    }

    private static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
