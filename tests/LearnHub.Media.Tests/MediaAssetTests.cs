using LearnHub.Media.Assets;

namespace LearnHub.Media.Tests;

public sealed class MediaAssetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static MediaAsset Uploaded()
    {
        var asset = new MediaAsset(Guid.NewGuid(), "clip.mp4", 100, "owner", lessonId: null, Now);
        asset.Appended(100, Now);
        return asset;
    }

    [Fact]
    public void A_validated_upload_is_queued_then_processed_to_ready()
    {
        var asset = Uploaded();
        asset.Validated(3, 640, 360, Now);
        Assert.Equal(MediaStatus.Queued, asset.Status);
        asset.Started(Now);
        asset.Reported(0.5, Now);
        Assert.Equal((MediaStatus.Processing, 0.5), (asset.Status, asset.Progress));
        asset.Completed(Now);
        Assert.Equal((MediaStatus.Ready, 1.0), (asset.Status, asset.Progress));
    }

    [Fact]
    public void A_job_interrupted_by_a_restart_is_queued_again()
    {
        var asset = Uploaded();
        asset.Validated(3, 640, 360, Now);
        asset.Started(Now);
        asset.Requeue(Now);
        Assert.Equal((MediaStatus.Queued, 0.0), (asset.Status, asset.Progress));
        asset.Started(Now);
        Assert.Equal(2, asset.Attempts);
    }

    [Fact]
    public void A_failed_transcode_can_be_retried_but_a_refused_upload_cannot()
    {
        var transcode = Uploaded();
        transcode.Validated(3, 640, 360, Now);
        transcode.Started(Now);
        transcode.Failed(MediaFailure.TranscodeFailed, "Conversion failed!", Now);
        transcode.Requeue(Now);
        Assert.Equal((MediaStatus.Queued, MediaFailure.None, null), (transcode.Status, transcode.Failure, transcode.Error));

        var refused = Uploaded();
        refused.Failed(MediaFailure.NotMedia, null, Now);
        Assert.Throws<InvalidOperationException>(() => refused.Requeue(Now));
    }

    [Fact]
    public void A_claimed_job_is_held_for_its_lease_and_may_be_taken_over_after_it_runs_out()
    {
        var asset = Uploaded();
        asset.Validated(3, 640, 360, Now);
        Assert.True(asset.IsClaimable(Now));

        asset.Claim("node-a", Now, TimeSpan.FromSeconds(60));
        Assert.Equal((MediaStatus.Processing, "node-a", Now.AddSeconds(60)), (asset.Status, asset.LeaseOwner, asset.LeaseExpiresAt));
        Assert.False(asset.IsClaimable(Now.AddSeconds(59)));
        Assert.Throws<InvalidOperationException>(() => asset.Claim("node-b", Now.AddSeconds(59), TimeSpan.FromSeconds(60)));

        // node-a died: once its lease has run out, node-b may take the job.
        asset.Claim("node-b", Now.AddSeconds(61), TimeSpan.FromSeconds(60));
        Assert.Equal(("node-b", 2), (asset.LeaseOwner, asset.Attempts));

        asset.Completed(Now.AddSeconds(90));
        Assert.Equal((MediaStatus.Ready, null, null), (asset.Status, asset.LeaseOwner, asset.LeaseExpiresAt));
        Assert.False(asset.IsClaimable(Now.AddHours(1)));
    }

    [Fact]
    public void An_upload_cannot_move_past_its_length_or_backwards()
    {
        var asset = new MediaAsset(Guid.NewGuid(), "clip.mp4", 100, "owner", 7, Now);
        asset.Appended(40, Now);
        Assert.Throws<InvalidOperationException>(() => asset.Appended(101, Now));
        Assert.Throws<InvalidOperationException>(() => asset.Appended(30, Now));
        Assert.False(asset.IsUploadComplete);
    }
}
