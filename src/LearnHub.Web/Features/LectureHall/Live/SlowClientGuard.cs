using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// Closes a live-room connection whose client has stopped reading. SignalR writes to a connection
/// one at a time and waits while the connection's buffer is full, so without this a client that
/// stops reading (a frozen tab, a dead network that TCP has not noticed) keeps every later message
/// for it queued in server memory and, with the Redis backplane, holds up its group's messages on
/// that node (dotnet/aspnetcore #33582, #43093). A write that cannot be flushed within the limit
/// closes the connection instead; the client reconnects and gets the room's latest state in one
/// message, not the backlog. Memory per connection is therefore bounded by the transport buffer
/// (<see cref="LiveRoomModule.BufferBytes"/>) plus what the limit lets queue behind it. The limit is
/// timed on the injected clock, so tests step through it instead of waiting it out.
/// </summary>
internal sealed partial class SlowClientGuard(TimeSpan limit, TimeProvider clock, ILogger<SlowClientGuard> logger)
{
    private TimeSpan Limit => limit;

    private TimeProvider Clock => clock;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection =>
    {
        connection.Transport = new GuardedPipe(connection.Transport, new GuardedWriter(connection.Transport.Output, connection, this));
        return next(connection);
    };

    private void Close(ConnectionContext connection)
    {
        LogSlowClient(logger, connection.ConnectionId, limit.TotalSeconds);
        connection.Abort(new ConnectionAbortedException("The client stopped reading."));
    }

    [LoggerMessage(LogLevel.Information, "Live room connection {ConnectionId} closed: it read nothing for {Seconds} s while its buffer was full")]
    private static partial void LogSlowClient(ILogger logger, string connectionId, double seconds);

    private sealed class GuardedPipe(IDuplexPipe inner, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output => output;
    }

    private sealed class GuardedWriter(PipeWriter inner, ConnectionContext connection, SlowClientGuard guard) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            var flush = inner.FlushAsync(cancellationToken);
            // The common case: the buffer had room, nothing waits, nothing is allocated.
            return flush.IsCompleted ? flush : WaitAsync(flush);
        }

        private async ValueTask<FlushResult> WaitAsync(ValueTask<FlushResult> flush)
        {
            var timedOut = 0;
            using var timer = new CancellationTokenSource(guard.Limit, guard.Clock);
            await using (timer.Token.UnsafeRegister(_ =>
            {
                Interlocked.Exchange(ref timedOut, 1);
                inner.CancelPendingFlush();
            }, null))
            {
                var result = await flush;
                if (Volatile.Read(ref timedOut) == 0 || !result.IsCanceled)
                {
                    return result;
                }
            }

            guard.Close(connection);
            // Tell the writer the reader is gone, so every write queued behind this one ends at once.
            return new FlushResult(isCanceled: false, isCompleted: true);
        }
    }
}
