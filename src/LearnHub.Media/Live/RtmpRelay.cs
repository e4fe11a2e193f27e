using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using LearnHub.Media.Tools;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>An RTMP publish that passed the key check: its stream as MPEG-TS, and the video codec it reported.</summary>
internal sealed class RtmpPublish(Stream output, string? videoCodec, Action kill)
{
    public string? VideoCodec => videoCodec;

    /// <summary>The publish as MPEG-TS; it ends when the publisher goes or is cut off.</summary>
    public Stream Output => output;

    /// <summary>Cuts the publisher off (a newer publish with the right key replaces it).</summary>
    public void Kill() => kill();
}

/// <summary>
/// Relays one RTMP connection, byte for byte, to an ffmpeg of its own listening on a free loopback port, and
/// checks the key. ffmpeg only warns ("Unexpected stream") when the published stream name differs from the one it
/// listens for, so the key is enforced here: the warning comes before ffmpeg reports the input, and nothing is
/// handed on until the input is reported without it. A connection that has not published within
/// <paramref name="handshakeTimeout"/> is dropped.
/// </summary>
internal sealed partial class RtmpRelay(IFfmpeg ffmpeg, TimeSpan handshakeTimeout, ILogger logger)
{
    /// <summary>How long a connection may take to publish before it is dropped (OBS needs well under a second).</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the connection until it ends. When it publishes with <paramref name="key"/>, <paramref name="onPublish"/>
    /// gets the stream and runs alongside; it is awaited before this returns. Returns whether the publish was accepted.
    /// </summary>
    public async Task<bool> RunAsync(Stream client, string key, string remote, Func<RtmpPublish, Task> onPublish, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(onPublish);
        var inner = FreeLoopbackPort();
        var url = string.Create(CultureInfo.InvariantCulture, $"rtmp://127.0.0.1:{inner}/live/{key}");
        using var relayStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var listener = ffmpeg.Start(
            [
                "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", "-analyzeduration", "1000000",
                "-listen", "1", "-i", url, "-map", "0", "-c", "copy", "-f", "mpegts", "pipe:1",
            ],
            standardInput: false, standardOutput: true, relayStop.Token);
        using var upstream = await ConnectAsync(inner, relayStop.Token);
        if (upstream is null)
        {
            listener.Kill();
            await listener.WaitForExitAsync(CancellationToken.None);
            return false;
        }

        var relay = Task.WhenAll(
            CopyAsync(client, upstream.GetStream(), relayStop.Token),
            CopyAsync(upstream.GetStream(), client, relayStop.Token));
        var publishing = false;
        using var handshake = new Timer(_ =>
        {
            if (!Volatile.Read(ref publishing))
            {
                logger.LogWarning("Dropped an RTMP connection from {Remote}: nothing published within {Seconds} s.", remote, handshakeTimeout.TotalSeconds);
                listener.Kill();
            }
        }, null, handshakeTimeout, Timeout.InfiniteTimeSpan);

        Task consuming = Task.CompletedTask;
        string? videoCodec = null;
        var refused = false;
        while (await listener.Log.ReadLineAsync(CancellationToken.None) is { } line)
        {
            logger.LogDebug("RTMP listener: {Line}", line);
            if (Volatile.Read(ref publishing) || refused)
            {
                continue;
            }

            if (line.Contains("Unexpected stream", StringComparison.Ordinal))
            {
                refused = true;
                logger.LogWarning("Refused an RTMP publish from {Remote}: unknown or stale stream key.", remote);
                listener.Kill();
            }
            else if (VideoStream().Match(line) is { Success: true } match)
            {
                videoCodec ??= match.Groups[1].Value;
            }
            else if (line.StartsWith("Output #0", StringComparison.Ordinal))
            {
                Volatile.Write(ref publishing, true);
                consuming = Task.Run(() => onPublish(new RtmpPublish(listener.Output, videoCodec, listener.Kill)), CancellationToken.None);
            }
        }

        await listener.WaitForExitAsync(CancellationToken.None);
        await relayStop.CancelAsync();
        await consuming;
        await relay;
        return Volatile.Read(ref publishing);
    }

    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Connects to the attempt's ffmpeg once it listens (it takes a moment to start).</summary>
    private static async Task<TcpClient?> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            var upstream = new TcpClient { NoDelay = true };
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return upstream;
            }
            catch (SocketException)
            {
                upstream.Dispose();
                await Task.Delay(20, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                upstream.Dispose();
                return null;
            }
        }

        return null;
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, 16 * 1024, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side went away; the other side's copy and ffmpeg's exit end the attempt.
        }
    }

    [GeneratedRegex(@"Stream #0:\d+.*?: Video: (\w+)")]
    private static partial Regex VideoStream();
}
