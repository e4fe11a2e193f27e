using LearnHub.Media.Assets;

namespace LearnHub.Media;

/// <summary>
/// What Media tells the rest of the app as an asset moves along; Web implements it (SignalR) so
/// Media never references SignalR. The default does nothing.
/// </summary>
public interface IMediaEvents
{
    Task StatusChangedAsync(Guid assetId, MediaStatus status, double progress, CancellationToken cancellationToken);
}

internal sealed class NoMediaEvents : IMediaEvents
{
    public Task StatusChangedAsync(Guid assetId, MediaStatus status, double progress, CancellationToken cancellationToken) => Task.CompletedTask;
}
