namespace LearnHub.Media.Assets;

/// <summary>Where an asset is in its life: uploaded in pieces, waiting, transcoding, playable or refused.</summary>
public enum MediaStatus
{
    Uploading,
    Queued,
    Processing,
    Ready,
    Failed,
}

/// <summary>Why an asset failed; the Web layer turns these into messages in the user's language.</summary>
public enum MediaFailure
{
    None,
    NotMedia,
    NoVideoStream,
    ZeroDuration,
    Truncated,
    TranscodeFailed,
}

/// <summary>
/// An uploaded video (视频资源) and its transcoding job: one row, so that restart recovery is a query
/// on <see cref="Status"/>. The upload id is the asset id.
/// </summary>
public sealed class MediaAsset
{
    private MediaAsset()
    {
        FileName = "";
        OwnerId = "";
    }

    public MediaAsset(Guid id, string fileName, long uploadLength, string ownerId, int? lessonId, DateTimeOffset now)
    {
        Id = id;
        FileName = fileName;
        UploadLength = uploadLength;
        OwnerId = ownerId;
        LessonId = lessonId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string FileName { get; private set; }

    public MediaStatus Status { get; private set; } = MediaStatus.Uploading;

    public long UploadLength { get; private set; }

    public long UploadOffset { get; private set; }

    public double Progress { get; private set; }

    public double? DurationSeconds { get; private set; }

    public int? Width { get; private set; }

    public int? Height { get; private set; }

    public MediaFailure Failure { get; private set; }

    public string? Error { get; private set; }

    public int Attempts { get; private set; }

    public string OwnerId { get; private set; }

    public int? LessonId { get; private set; }

    /// <summary>The worker (node and process) that holds the job while it is Processing.</summary>
    public string? LeaseOwner { get; private set; }

    /// <summary>
    /// Until when the job is the <see cref="LeaseOwner"/>'s; the owner renews it while ffmpeg runs, so
    /// a job whose lease ran out belongs to a dead node and another worker may claim it.
    /// </summary>
    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsUploadComplete => UploadOffset == UploadLength;

    /// <summary>
    /// The bytes received so far are not on this node (its disk was lost, or the balancer sent the
    /// upload elsewhere): the upload starts again from zero rather than continue over a hole.
    /// </summary>
    public void Restarted(DateTimeOffset now)
    {
        if (Status != MediaStatus.Uploading)
        {
            throw new InvalidOperationException($"Cannot restart the upload of {Id}: it is {Status}.");
        }

        UploadOffset = 0;
        UpdatedAt = now;
    }

    public void Appended(long newOffset, DateTimeOffset now)
    {
        if (Status != MediaStatus.Uploading || newOffset < UploadOffset || newOffset > UploadLength)
        {
            throw new InvalidOperationException($"Cannot move the upload of {Id} to offset {newOffset}.");
        }

        UploadOffset = newOffset;
        UpdatedAt = now;
    }

    /// <summary>The upload passed ffprobe: it waits for a worker.</summary>
    public void Validated(double durationSeconds, int width, int height, DateTimeOffset now)
    {
        Require(MediaStatus.Uploading);
        DurationSeconds = durationSeconds;
        Width = width;
        Height = height;
        Status = MediaStatus.Queued;
        UpdatedAt = now;
    }

    /// <summary>Processing without a lease (a one-process tool or test): any worker may take it over, as after a crash.</summary>
    public void Started(DateTimeOffset now)
    {
        Require(MediaStatus.Queued);
        Status = MediaStatus.Processing;
        Progress = 0;
        Attempts++;
        UpdatedAt = now;
    }

    /// <summary>Whether a worker may take the job now: it waits, or its owner's lease ran out.</summary>
    public bool IsClaimable(DateTimeOffset now) =>
        Status == MediaStatus.Queued || (Status == MediaStatus.Processing && (LeaseExpiresAt is null || LeaseExpiresAt < now));

    /// <summary>
    /// A worker takes the job for <paramref name="lease"/>. The database makes the same check in the
    /// claiming UPDATE, so of two workers racing for one job only one wins (see Transcoder.ClaimNextAsync).
    /// </summary>
    public void Claim(string owner, DateTimeOffset now, TimeSpan lease)
    {
        if (!IsClaimable(now))
        {
            throw new InvalidOperationException($"Media {Id} is {Status} and held by {LeaseOwner} until {LeaseExpiresAt:O}.");
        }

        Status = MediaStatus.Processing;
        LeaseOwner = owner;
        LeaseExpiresAt = now + lease;
        Progress = 0;
        Attempts++;
        UpdatedAt = now;
    }

    public void Reported(double progress, DateTimeOffset now)
    {
        Progress = Math.Clamp(progress, 0, 1);
        UpdatedAt = now;
    }

    public void Completed(DateTimeOffset now)
    {
        Require(MediaStatus.Processing);
        Status = MediaStatus.Ready;
        Progress = 1;
        ReleaseLease();
        UpdatedAt = now;
    }

    public void Failed(MediaFailure failure, string? error, DateTimeOffset now)
    {
        Status = MediaStatus.Failed;
        Failure = failure;
        // The reason is shown to people and stored in a bounded column.
        Error = error is { Length: > 500 } ? error[..500] : error;
        ReleaseLease();
        UpdatedAt = now;
    }

    /// <summary>A job interrupted by a restart, or a failed transcode someone retries, waits again.</summary>
    public void Requeue(DateTimeOffset now)
    {
        var retryable = Status == MediaStatus.Processing
            || (Status == MediaStatus.Failed && Failure == MediaFailure.TranscodeFailed);
        if (!retryable)
        {
            throw new InvalidOperationException($"Media {Id} is {Status} and cannot be queued again.");
        }

        Status = MediaStatus.Queued;
        Failure = MediaFailure.None;
        Error = null;
        Progress = 0;
        ReleaseLease();
        UpdatedAt = now;
    }

    private void ReleaseLease()
    {
        LeaseOwner = null;
        LeaseExpiresAt = null;
    }

    private void Require(MediaStatus expected)
    {
        if (Status != expected)
        {
            throw new InvalidOperationException($"Media {Id} is {Status}, expected {expected}.");
        }
    }
}
