using LearnHub.Media;
using LearnHub.Media.Assets;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LearnHub.Web.Features.Catalogue.Media;

/// <summary>An asset's state as the upload page shows it; Error is the failure kind, for a localized message.</summary>
public sealed record MediaStatusMessage(Guid AssetId, string Status, double Progress, string? Error, int? LessonId);

public interface IMediaClient
{
    Task StatusChanged(MediaStatusMessage message);
}

/// <summary>
/// Live transcode progress for the people who manage a video: a caller joins the group of one asset
/// after the same check the media API makes (owner, administrator, or manager of its lesson).
/// </summary>
[Authorize(Roles = Roles.Admin + "," + Roles.Lecturer)]
internal sealed class MediaHub(MediaLibrary media, IMediaAccess access) : Hub<IMediaClient>
{
    public static string Group(Guid assetId) => $"asset-{assetId:N}";

    /// <summary>Subscribes to an asset and returns where it is now, so nothing between load and join is missed.</summary>
    public async Task<MediaStatusMessage?> Watch(Guid assetId)
    {
        var asset = await media.FindAsync(assetId, Context.ConnectionAborted);
        var user = Context.User!;
        if (asset is null
            || !(asset.OwnerId == LearnHub.Media.MediaEndpoints.UserId(user) || user.IsInRole(Roles.Admin)
                 || (asset.LessonId is { } lessonId && await access.MayManageLessonAsync(user, lessonId, Context.ConnectionAborted))))
        {
            throw new HubException("Forbidden");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(assetId), Context.ConnectionAborted);
        return SignalRMediaEvents.Message(asset.Id, asset.Status, asset.Progress, asset.Failure, asset.LessonId);
    }
}

/// <summary>Media's events, pushed to the asset's group; a finished video is attached to its lesson first.</summary>
internal sealed class SignalRMediaEvents(IHubContext<MediaHub, IMediaClient> hub, IServiceScopeFactory scopes, ILogger<SignalRMediaEvents> logger) : IMediaEvents
{
    public async Task StatusChangedAsync(Guid assetId, MediaStatus status, double progress, CancellationToken cancellationToken)
    {
        try
        {
            MediaAssetView? asset = null;
            if (status is MediaStatus.Ready or MediaStatus.Failed or MediaStatus.Processing)
            {
                await using var scope = scopes.CreateAsyncScope();
                if (status is MediaStatus.Ready or MediaStatus.Processing)
                {
                    await scope.ServiceProvider.GetRequiredService<LessonVideos>().AttachAsync(assetId, cancellationToken);
                }

                asset = await scope.ServiceProvider.GetRequiredService<MediaLibrary>().FindAsync(assetId, cancellationToken);
            }

            await hub.Clients.Group(MediaHub.Group(assetId)).StatusChanged(Message(assetId, status, progress, asset?.Failure ?? MediaFailure.None, asset?.LessonId));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost notification must not fail the transcode that raised it; the page also polls.
            logger.LogWarning(e, "Could not announce the state of media {Asset}.", assetId);
        }
    }

    internal static MediaStatusMessage Message(Guid id, MediaStatus status, double progress, MediaFailure failure, int? lessonId) =>
        new(id, status.ToString().ToLowerInvariant(), progress, failure == MediaFailure.None ? null : failure.ToString(), lessonId);
}
