namespace LearnHub.Media.Storage;

/// <summary>
/// Where upload bytes and finished renditions live. Uploads are written on the local disk of the node
/// that receives them (ffprobe and ffmpeg read local files); once validated, an upload is shared so a
/// worker on any node can transcode it. Published files, posters and slides may live elsewhere (an
/// S3-compatible bucket), so everything past the upload is asynchronous.
/// </summary>
internal interface IMediaStorage
{
    /// <summary>The local path of an upload on this node; validation reads it with ffprobe.</summary>
    string UploadPath(Guid id);

    /// <summary>
    /// Writes content at <paramref name="offset"/>, dropping any bytes past it that an interrupted
    /// request left unrecorded, and returns the new length. A pipe, so a request body's buffers are
    /// written to the file as they are, without a copy. Throws <see cref="UploadMissingException"/>
    /// when this node holds fewer than <paramref name="offset"/> bytes of the upload.
    /// </summary>
    Task<long> AppendUploadAsync(Guid id, long offset, System.IO.Pipelines.PipeReader content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Makes a validated upload reachable by the workers of every node.</summary>
    Task ShareUploadAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The local path of a complete upload, fetched from shared storage when another node received it; null when it is gone.</summary>
    Task<string?> FetchUploadAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Removes the upload here and wherever it was shared.</summary>
    Task DeleteUploadAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A fresh temporary folder on the local disk for a transcode's output.</summary>
    string CreateWorkFolder(Guid id);

    /// <summary>
    /// Puts a complete output folder in place of an older one; the master playlist becomes visible
    /// last, so no reader sees a half-published asset. The work folder is gone afterwards.
    /// </summary>
    Task PublishAsync(Guid id, string workFolder, CancellationToken cancellationToken);

    /// <summary>Opens a published file of the asset (seekable, for ranges), or null when there is none.</summary>
    Task<StoredFile?> OpenReadAsync(Guid id, string relativePath, CancellationToken cancellationToken);

    /// <summary>Whether a playable folder (with its master playlist) has been published for the asset.</summary>
    Task<bool> IsPublishedAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Removes the asset's upload and every published file.</summary>
    Task DeleteAssetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Free space on the local disk that receives uploads and transcodes.</summary>
    long AvailableFreeSpace();

    /// <summary>Stores a lesson's slides (a PDF), replacing earlier ones only once the new file is complete.</summary>
    Task SaveSlidesAsync(int lessonId, Stream content, CancellationToken cancellationToken);

    Task<StoredFile?> OpenSlidesAsync(int lessonId, CancellationToken cancellationToken);

    Task<bool> HasSlidesAsync(int lessonId, CancellationToken cancellationToken);

    Task DeleteSlidesAsync(int lessonId, CancellationToken cancellationToken);
}

/// <summary>An open stored file and when it was written (for conditional requests).</summary>
internal sealed record StoredFile(Stream Content, DateTimeOffset LastModified);

/// <summary>The bytes an upload already has are not on this node's disk.</summary>
internal sealed class UploadMissingException(Guid id) : Exception($"The upload {id} is not on this node.");
