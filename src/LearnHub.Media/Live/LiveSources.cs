using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Live;

/// <summary>
/// Which source a session's video comes from, one at a time: the browser camera, or the newest RTMP publish
/// with the right key. An encoder that reconnects may leave its old connection half-open, so a new publish
/// cuts the one before it off and waits for it to finish (its writer must be done before the next writes the
/// playlist). While the browser camera sends, the RTMP port is paused by its owner.
/// </summary>
internal sealed class LiveSources(TimeSpan grace, ILogger logger)
{
    private readonly Lock _gate = new();
    private object? _browser;
    private RtmpPublish? _publisher;
    private Task _publisherDone = Task.CompletedTask;
    private volatile bool _receiving;

    /// <summary>Whether a source is sending right now (an encoder past the key check, or the browser camera).</summary>
    public bool Receiving => _receiving;

    public bool BrowserActive
    {
        get
        {
            lock (_gate)
            {
                return _browser is not null;
            }
        }
    }

    /// <summary>The browser camera takes the session; false when one already has it.</summary>
    public bool TryBeginBrowser(object camera)
    {
        lock (_gate)
        {
            if (_browser is not null)
            {
                return false;
            }

            _browser = camera;
            _receiving = true;
            return true;
        }
    }

    public void EndBrowser(object camera)
    {
        lock (_gate)
        {
            if (_browser == camera)
            {
                _browser = null;
                _receiving = false;
            }
        }
    }

    /// <summary>
    /// A publish passed the key check and replaces the one before it, if any, which is cut off and awaited (up to
    /// twice the grace). <paramref name="done"/> completes when this publish's writer has finished.
    /// </summary>
    public async Task TakeOverAsync(RtmpPublish publish, Task done)
    {
        RtmpPublish? previous;
        Task previousDone;
        lock (_gate)
        {
            previous = _publisher;
            previousDone = _publisherDone;
            _publisher = publish;
            _publisherDone = done;
        }

        if (previous is not null)
        {
            logger.LogInformation("A new RTMP publish replaces the one before it.");
            previous.Kill();
            try
            {
                await previousDone.WaitAsync(grace + grace);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("The previous RTMP publish did not finish in time.");
            }
        }
    }

    /// <summary>The publish is sending (its writer started).</summary>
    public void Sending() => _receiving = true;

    /// <summary>The publish ended; the session is no longer receiving unless a newer one took over.</summary>
    public void Ended(RtmpPublish publish)
    {
        lock (_gate)
        {
            if (_publisher == publish)
            {
                _publisher = null;
                _receiving = false;
            }
        }
    }
}
