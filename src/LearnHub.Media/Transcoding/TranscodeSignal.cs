namespace LearnHub.Media.Transcoding;

/// <summary>Wakes the worker when a job is queued, so it need not poll the table quickly.</summary>
internal sealed class TranscodeSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller woke the worker first.
            }
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>Waits to be woken or for <paramref name="timeout"/> on <paramref name="time"/>; whether it was woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, cancellationToken);
        try
        {
            await _wake.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
