namespace LearnHub.Media.Storage;

/// <summary>
/// Where upload bytes and finished renditions live. Kept narrow so an S3-compatible store can
/// implement it later: append to an upload, read with a range, publish a finished folder, delete.
/// </summary>
internal interface IMediaStorage
{
    /// <summary>The local path of a partial upload; validation and transcoding read it with ffprobe/ffmpeg.</summary>
    string UploadPath(Guid id);

    /// <summary>
    /// Writes content at <paramref name="offset"/>, dropping any bytes past it that an interrupted
    /// request left unrecorded, and returns the new length.
    /// </summary>
    Task<long> AppendUploadAsync(Guid id, long offset, Stream content, long maxBytes, CancellationToken cancellationToken);

    void DeleteUpload(Guid id);

    /// <summary>A fresh temporary folder for a transcode's output, on the same volume as the assets.</summary>
    string CreateWorkFolder(Guid id);

    /// <summary>Moves a complete output folder into place in one step, replacing an older one.</summary>
    void Publish(Guid id, string workFolder);

    /// <summary>Opens a published file of the asset, or null when there is none (or the path leaves its folder).</summary>
    StoredFile? OpenRead(Guid id, string relativePath);

    /// <summary>Whether a playable folder (with its master playlist) has been published for the asset.</summary>
    bool IsPublished(Guid id);

    void DeleteAsset(Guid id);

    long AvailableFreeSpace();

    /// <summary>Stores a lesson's slides (a PDF), replacing earlier ones only once the new file is complete.</summary>
    Task SaveSlidesAsync(int lessonId, Stream content, CancellationToken cancellationToken);

    StoredFile? OpenSlides(int lessonId);

    bool HasSlides(int lessonId);

    void DeleteSlides(int lessonId);
}

/// <summary>An open stored file and when it was written (for conditional requests).</summary>
internal sealed record StoredFile(Stream Content, DateTimeOffset LastModified);
