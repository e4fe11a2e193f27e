using System.IO.Pipelines;
using LearnHub.Web.Features.LectureHall.Live;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Web.Tests.Live;

/// <summary>
/// The guard in front of the live room's connections: a client that stops reading is closed once a
/// write has waited the limit on its full buffer, and one that reads, even slowly, is left alone.
/// The transport here is a pipe whose buffer fills at 1 KB, standing in for the socket; no test here
/// checks how Kestrel then ends the connection, only that the guard asks it to. The limit runs on a
/// fake clock that only the test moves, so "not closed yet" means the limit has not passed, not that
/// the machine happened to be quick; it is longer than any wait here, so a guard that timed it on the
/// machine's clock would fail rather than pass by chance.
/// </summary>
public sealed class SlowClientGuardTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_after_the_limit()
    {
        var (connection, _) = await GuardedAsync();
        var started = _clock.GetTimestamp();

        var write = WriteAsync(connection, 4096);
        _clock.Advance(Limit - TimeSpan.FromTicks(1));
        Assert.False(write.IsCompleted, "a tick before the limit the write still waits");
        Assert.False(connection.ConnectionClosed.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromTicks(1));
        var result = await write.WaitAsync(TimeSpan.FromSeconds(10));

        var waited = _clock.GetElapsedTime(started);
        Assert.True(result.IsCompleted, "the writer is told the reader is gone");
        Assert.Equal(Limit, waited);
        await WaitClosedAsync(connection);
    }

    [Fact]
    public async Task A_client_that_reads_keeps_its_connection()
    {
        var (connection, socket) = await GuardedAsync();
        for (var i = 0; i < 20; i++)
        {
            var write = WriteAsync(connection, 4096);
            Assert.Equal(4096, await ReadAllAsync(socket.Reader));
            Assert.False((await write).IsCompleted);
        }

        Assert.False(connection.ConnectionClosed.IsCancellationRequested);
    }

    [Fact]
    public async Task A_client_that_reads_slowly_but_within_the_limit_is_not_closed()
    {
        var (connection, socket) = await GuardedAsync();
        for (var i = 0; i < 5; i++)
        {
            // The buffer stays full for nine tenths of the limit before the client reads it.
            var write = WriteAsync(connection, 4096);
            _clock.Advance(Limit * 0.9);
            Assert.False(write.IsCompleted);
            Assert.Equal(4096, await ReadAllAsync(socket.Reader));
            Assert.False((await write).IsCompleted);
        }

        // A finished write's limit is over: time passing afterwards closes nothing.
        _clock.Advance(Limit * 2);
        Assert.False(connection.ConnectionClosed.IsCancellationRequested);
    }

    /// <summary>A connection with a 1 KB output buffer, passed through the guard as the live room's endpoint does.</summary>
    private async Task<(ConnectionContext Connection, Pipe Socket)> GuardedAsync()
    {
        var socket = new Pipe(new PipeOptions(pauseWriterThreshold: 1024, resumeWriterThreshold: 512, useSynchronizationContext: false));
        var input = new Pipe();
        var raw = new DefaultConnectionContext(Guid.NewGuid().ToString("N"), new Duplex(input.Reader, socket.Writer), new Duplex(socket.Reader, input.Writer));
        ConnectionContext? guarded = null;
        var guard = new SlowClientGuard(Limit, _clock, NullLogger<SlowClientGuard>.Instance);
        await guard.Wrap(c =>
        {
            guarded = c;
            return Task.CompletedTask;
        })(raw);
        Assert.NotSame(socket.Writer, guarded!.Transport.Output);
        return (guarded, socket);
    }

    private static Task<FlushResult> WriteAsync(ConnectionContext connection, int bytes)
    {
        var output = connection.Transport.Output;
        output.GetSpan(bytes)[..bytes].Fill((byte)'x');
        output.Advance(bytes);
        return output.FlushAsync().AsTask();
    }

    private static async Task<long> ReadAllAsync(PipeReader reader)
    {
        var result = await reader.ReadAsync();
        var length = result.Buffer.Length;
        reader.AdvanceTo(result.Buffer.End);
        return length;
    }

    private static async Task WaitClosedAsync(ConnectionContext connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = connection.ConnectionClosed.Register(() => closed.TrySetResult());
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
