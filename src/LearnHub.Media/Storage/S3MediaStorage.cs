using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace LearnHub.Media.Storage;

/// <summary>
/// Media in an S3-compatible bucket, for several nodes behind one load balancer. Uploads are written
/// on the receiving node's disk and each chunk is also kept under uploads/{id}/ until the upload is
/// whole, so the next chunk may reach any node (see <see cref="AppendUploadAsync"/>); once validated,
/// an upload is put under sources/ so a worker on any node can fetch and transcode it. Published renditions, posters
/// and slides live only in the bucket: assets/{id}/… and slides/lesson-{id}.pdf. LearnHub serves them
/// itself (ranged GETs), so the bucket stays private and the access rules stay in one place.
/// </summary>
internal sealed class S3MediaStorage(IAmazonS3 s3, string bucket, string prefix, LocalMediaStorage? local) : IMediaStorage, IDisposable
{
    private LocalMediaStorage Local => local ?? throw new InvalidOperationException("This bucket was opened for backup and restore only: it takes no uploads.");

    private const string MasterPlaylist = "master.m3u8";

    private string SourceKey(Guid id) => $"{prefix}sources/{id:N}";

    private string AssetPrefix(Guid id) => $"{prefix}assets/{id:N}/";

    private string SlidesKey(int lessonId) => $"{prefix}slides/lesson-{lessonId.ToString(CultureInfo.InvariantCulture)}.pdf";

    /// <summary>Creates the bucket when it does not exist yet (a fresh install or a test server).</summary>
    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }
    }

    public string UploadPath(Guid id) => Local.UploadPath(id);

    private string PartsPrefix(Guid id) => $"{prefix}uploads/{id:N}/";

    private string PartKey(Guid id, long start) => PartsPrefix(id) + start.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// Any node takes the next chunk of any upload. S3 cannot append, and multipart parts must be at least 5 MiB
    /// where tus clients send chunks of any size; so each chunk is written to this node's file as on one node and
    /// also put in the bucket as a part named by its offset. A node whose file is shorter than the chunk's offset
    /// (the earlier chunks went elsewhere) first fills it from those parts. The chunk that completes the upload is
    /// not put: its node holds the whole file and shares it at once (<see cref="ShareUploadAsync"/>), and the parts go.
    /// </summary>
    public async Task<long> AppendUploadAsync(Guid id, long offset, System.IO.Pipelines.PipeReader content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Local.UploadPath(id);
        var here = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (here < offset)
        {
            await FillFromPartsAsync(id, path, here, offset, cancellationToken);
        }

        var reached = await Local.AppendUploadAsync(id, offset, content, maxBytes, cancellationToken);
        if (reached > offset && reached < maxBytes)
        {
            // Put before the offset is recorded: a recorded offset always has its bytes in the bucket.
            await using var chunk = new FileRegionStream(path, offset, reached - offset);
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = PartKey(id, offset),
                InputStream = chunk,
                AutoCloseStream = false,
                UseChunkEncoding = false,
            }, cancellationToken);
        }

        return reached;
    }

    /// <summary>
    /// Writes bytes <paramref name="from"/>…<paramref name="to"/> of the upload into this node's file from its parts. The
    /// parts are followed from offset 0, each starting where the one before ended, as the recorded offsets went; a gap
    /// (an upload begun before parts were kept) means this node cannot continue it: the client sends it again from 0.
    /// </summary>
    private async Task FillFromPartsAsync(Guid id, string path, long from, long to, CancellationToken cancellationToken)
    {
        var parts = (await ListAsync(PartsPrefix(id), cancellationToken))
            .Select(o => (o.Key, o.Size, Start: long.TryParse(o.Key[PartsPrefix(id).Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : -1))
            .Where(p => p.Start >= 0)
            .ToDictionary(p => p.Start);
        var reads = new List<(string Key, long Skip, long Take)>();
        for (var start = 0L; start < to;)
        {
            if (!parts.TryGetValue(start, out var part) || part.Size == 0)
            {
                throw new UploadMissingException(id);
            }

            var end = Math.Min(start + part.Size, to);
            if (end > from)
            {
                var skip = Math.Max(from - start, 0);
                reads.Add((part.Key, skip, end - start - skip));
            }

            start += part.Size;
        }

        await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        file.SetLength(from);
        file.Position = from;
        foreach (var (key, skip, take) in reads)
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(skip, skip + take - 1) }, cancellationToken);
            await response.ResponseStream.CopyToAsync(file, cancellationToken);
        }

        await file.FlushAsync(cancellationToken);
        if (file.Length != to)
        {
            throw new UploadMissingException(id);
        }
    }

    /// <summary>
    /// One PUT (S3 takes up to 5 GB in one; uploads are at most Media:MaxUploadBytes, 4 GiB by default).
    /// From then on the bucket holds the source and the local copy goes: whichever node claims the job
    /// fetches it, and no node is left with a copy nobody deletes.
    /// </summary>
    public async Task ShareUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        await PutFileAsync(Local.UploadPath(id), SourceKey(id), cancellationToken);
        await Local.DeleteUploadAsync(id, cancellationToken);
        await DeletePartsAsync(id, cancellationToken);
    }

    private async Task DeletePartsAsync(Guid id, CancellationToken cancellationToken) =>
        await DeleteKeysAsync((await ListAsync(PartsPrefix(id), cancellationToken)).Select(o => o.Key), cancellationToken);

    public async Task<string?> FetchUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        var path = Local.UploadPath(id);
        if (File.Exists(path) && await IsWholeCopyAsync(path, id, cancellationToken))
        {
            return path;
        }

        // Received by another node: download next to the uploads, then rename, so a crash leaves no half file under the upload's name.
        // A file here that differs from the bucket's is what this node took of the upload before the balancer sent the
        // rest elsewhere (a node added or removed): a beginning, never the source; the download replaces it.
        var partial = path + ".part";
        try
        {
            using var transfer = new TransferUtility(s3);
            await transfer.DownloadAsync(new TransferUtilityDownloadRequest { BucketName = bucket, Key = SourceKey(id), FilePath = partial }, cancellationToken);
            File.Move(partial, path, overwrite: true);
            return path;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Whether the local file is the shared source (its length is the bucket's), or the bucket no longer has one to compare.</summary>
    private async Task<bool> IsWholeCopyAsync(string path, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var shared = await s3.GetObjectMetadataAsync(bucket, SourceKey(id), cancellationToken);
            return shared.ContentLength == new FileInfo(path).Length;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    public async Task DeleteUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        await Local.DeleteUploadAsync(id, cancellationToken);
        await DeletePartsAsync(id, cancellationToken);
        await DeleteKeyAsync(SourceKey(id), cancellationToken);
    }

    public string CreateWorkFolder(Guid id) => Local.CreateWorkFolder(id);

    public async Task PublishAsync(Guid id, string workFolder, CancellationToken cancellationToken)
    {
        var root = AssetPrefix(id);
        var before = await ListAsync(root, cancellationToken);
        var sizes = before.ToDictionary(o => o.Key, o => o.Size, StringComparer.Ordinal);
        var files = Directory.GetFiles(workFolder, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Key: root + Path.GetRelativePath(workFolder, path).Replace(Path.DirectorySeparatorChar, '/')))
            .ToList();
        // Segments and variant playlists first, the master playlist last: a reader that finds the
        // master finds everything it names. A few at a time, so a ladder of hundreds of segments goes quickly.
        // Segments already there from the as-is publication (the same bytes, copied) are not sent again.
        await Parallel.ForEachAsync(files.Where(f => !f.Key.EndsWith("/" + MasterPlaylist, StringComparison.Ordinal)
                && !(f.Key.EndsWith(".ts", StringComparison.Ordinal) && sizes.TryGetValue(f.Key, out var size) && size == new FileInfo(f.Path).Length)),
            new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = cancellationToken },
            async (file, token) => await PutFileAsync(file.Path, file.Key, token));
        foreach (var master in files.Where(f => f.Key.EndsWith("/" + MasterPlaylist, StringComparison.Ordinal)))
        {
            await PutFileAsync(master.Path, master.Key, cancellationToken);
        }

        // What the older publication had and the new one has not (a replaced rendition) goes last.
        var kept = files.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        await DeleteKeysAsync(before.Select(o => o.Key).Where(k => !kept.Contains(k)), cancellationToken);
        Directory.Delete(workFolder, recursive: true);
    }

    public async Task<StoredFile?> OpenReadAsync(Guid id, string relativePath, CancellationToken cancellationToken)
    {
        if (relativePath.Contains("..", StringComparison.Ordinal) || relativePath.StartsWith('/'))
        {
            return null;
        }

        return await OpenAsync(AssetPrefix(id) + relativePath, cancellationToken);
    }

    public async Task<bool> IsPublishedAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(bucket, AssetPrefix(id) + MasterPlaylist, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async Task DeleteAssetAsync(Guid id, CancellationToken cancellationToken)
    {
        await DeleteUploadAsync(id, cancellationToken);
        // The master playlist first, so the asset stops being playable before its segments go.
        await DeleteKeyAsync(AssetPrefix(id) + MasterPlaylist, cancellationToken);
        await DeleteKeysAsync((await ListAsync(AssetPrefix(id), cancellationToken)).Select(o => o.Key), cancellationToken);
    }

    public long AvailableFreeSpace() => Local.AvailableFreeSpace();

    public void Dispose() => s3.Dispose();

    public async Task SaveSlidesAsync(int lessonId, Stream content, CancellationToken cancellationToken)
    {
        // Spooled first: a PUT needs the length, and an interrupted form post must not replace whole slides.
        var temporary = await Local.SpoolAsync(content, cancellationToken);
        try
        {
            await PutFileAsync(temporary, SlidesKey(lessonId), cancellationToken);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<StoredFile?> OpenSlidesAsync(int lessonId, CancellationToken cancellationToken) => OpenAsync(SlidesKey(lessonId), cancellationToken);

    public async Task<bool> HasSlidesAsync(int lessonId, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(bucket, SlidesKey(lessonId), cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task DeleteSlidesAsync(int lessonId, CancellationToken cancellationToken) => DeleteKeyAsync(SlidesKey(lessonId), cancellationToken);

    private async Task<StoredFile?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
            return new StoredFile(new S3ObjectStream(s3, bucket, key, response), response.LastModified is { } modified
                ? new DateTimeOffset(DateTime.SpecifyKind(modified, DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task PutFileAsync(string path, string key, CancellationToken cancellationToken) =>
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = path,
            ContentType = ContentType(key),
            // A signed body in one piece rather than aws-chunked: S3-compatible servers do not all decode chunk signatures.
            UseChunkEncoding = false,
        }, cancellationToken);

    private async Task<List<(string Key, long Size)>> ListAsync(string keyPrefix, CancellationToken cancellationToken)
    {
        var keys = new List<(string Key, long Size)>();
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = keyPrefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            keys.AddRange((response.S3Objects ?? []).Select(o => (o.Key, o.Size ?? 0)));
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return keys;
    }

    private async Task DeleteKeyAsync(string key, CancellationToken cancellationToken)
    {
        // Deleting a key that is not there succeeds in S3.
        await s3.DeleteObjectAsync(bucket, key, cancellationToken);
    }

    // One DELETE per key: every S3-compatible server has it; multi-object delete differs in its checksum rules.
    private Task DeleteKeysAsync(IEnumerable<string> keys, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = cancellationToken },
            async (key, token) => await DeleteKeyAsync(key, token));

    /// <summary>The bucket's name and LearnHub's prefix in it, as the operator reads them ("media/learnhub").</summary>
    public string Describe() => bucket + (prefix.Length > 0 ? "/" + prefix.TrimEnd('/') : "");

    /// <summary>Every object under LearnHub's prefix, with its key relative to the prefix and its size, page by page.</summary>
    public async IAsyncEnumerable<(string Key, long Size)> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in response.S3Objects ?? [])
            {
                yield return (o.Key[prefix.Length..], o.Size ?? 0);
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    /// <summary>Whether LearnHub's prefix of the bucket holds no object.</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        // The first page, not MaxKeys=1: not every S3-compatible server answers a one-key page of a longer listing.
        var response = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix }, cancellationToken);
        return (response.S3Objects ?? []).Count == 0;
    }

    /// <summary>Opens an object (key relative to the prefix) as a stream read from the network, never held in memory whole; null when it is gone.</summary>
    public async Task<Stream?> OpenObjectAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await s3.GetObjectAsync(bucket, prefix + key, cancellationToken);
            return new S3ObjectStream(s3, bucket, prefix + key, response);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Puts a file as an object (key relative to the prefix), streamed from the disk, replacing any object of that key.</summary>
    public Task PutObjectAsync(string key, string path, CancellationToken cancellationToken) => PutFileAsync(path, prefix + key, cancellationToken);

    /// <summary>Removes objects (keys relative to the prefix); a key that is not there is no error.</summary>
    public Task DeleteObjectsAsync(IEnumerable<string> keys, CancellationToken cancellationToken) =>
        DeleteKeysAsync(keys.Select(k => prefix + k), cancellationToken);

    private static string ContentType(string key) => Path.GetExtension(key) switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".ts" => "video/mp2t",
        ".jpg" => "image/jpeg",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}
