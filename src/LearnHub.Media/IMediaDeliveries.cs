namespace LearnHub.Media;

/// <summary>
/// Told of every video segment served through a playback's signed URLs, with the stretch of media it
/// holds: the evidence that the media a player claims to have played was delivered to it. The host
/// implements it (validated watching lives outside Media); the default forgets.
/// </summary>
public interface IMediaDeliveries
{
    void SegmentServed(Guid assetId, Guid playbackId, double startSeconds, double endSeconds);
}

internal sealed class NoMediaDeliveries : IMediaDeliveries
{
    public void SegmentServed(Guid assetId, Guid playbackId, double startSeconds, double endSeconds)
    {
    }
}
