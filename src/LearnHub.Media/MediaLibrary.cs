using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using LearnHub.Media.Streaming;
using LearnHub.Media.Upload;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Media;

/// <summary>An asset as the rest of LearnHub sees it.</summary>
public sealed record MediaAssetView(Guid Id, MediaStatus Status, double Progress, double? DurationSeconds, MediaFailure Failure,
    string? Error, string OwnerId, int? LessonId, DateTimeOffset CreatedAt, long UploadOffset = 0, long UploadLength = 0, string FileName = "")
{
    /// <summary>How much of the file has arrived, 0 to 1; an interrupted upload stays at the last chunk saved.</summary>
    public double UploadedFraction => UploadLength > 0 ? (double)UploadOffset / UploadLength : 0;
}

/// <summary>An asset that failed and was not replaced by a later upload for its lesson: someone has to act on it.</summary>
public sealed record FailedMediaView(Guid Id, string FileName, int? LessonId, MediaFailure Failure, string? Error, DateTimeOffset FailedAt);

/// <summary>
/// What the host does with media besides the HTTP endpoints: look assets up, sign playback URLs,
/// delete a lesson's video, keep its slides, and import a file through the upload pipeline.
/// </summary>
public sealed class MediaLibrary
{
    private readonly MediaDbContext _db;
    private readonly IMediaStorage _storage;
    private readonly MediaUrlSigner _signer;
    private readonly UploadValidator _validator;
    private readonly TimeProvider _time;

    internal MediaLibrary(MediaDbContext db, IMediaStorage storage, MediaUrlSigner signer, UploadValidator validator, TimeProvider time)
    {
        _db = db;
        _storage = storage;
        _signer = signer;
        _validator = validator;
        _time = time;
    }

    public Task<MediaAssetView?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Views(_db.Assets.Where(a => a.Id == id)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The newest asset made for the lesson, whatever its state.</summary>
    public async Task<MediaAssetView?> LatestForLessonAsync(int lessonId, CancellationToken cancellationToken) =>
        (await Views(_db.Assets.Where(a => a.LessonId == lessonId)).ToListAsync(cancellationToken)).MaxBy(a => a.CreatedAt);

    /// <summary>Failed assets, newest first, leaving out those whose lesson has a later upload (the lecturer already replaced the file).</summary>
    public async Task<IReadOnlyList<FailedMediaView>> FailedAsync(CancellationToken cancellationToken) =>
        await _db.Assets.AsNoTracking()
            .Where(a => a.Status == MediaStatus.Failed && (a.LessonId == null || !_db.Assets.Any(b => b.LessonId == a.LessonId && b.CreatedAt > a.CreatedAt)))
            .OrderByDescending(a => a.UpdatedAt)
            .Select(a => new FailedMediaView(a.Id, a.FileName, a.LessonId, a.Failure, a.Error, a.UpdatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The newest asset made for each of the lessons that has any.</summary>
    public async Task<IReadOnlyDictionary<int, MediaAssetView>> LatestForLessonsAsync(IReadOnlyCollection<int> lessonIds, CancellationToken cancellationToken) =>
        (await Views(_db.Assets.Where(a => a.LessonId != null && lessonIds.Contains(a.LessonId.Value))).ToListAsync(cancellationToken))
            .GroupBy(a => a.LessonId!.Value).ToDictionary(g => g.Key, g => g.MaxBy(a => a.CreatedAt)!);

    /// <summary>Whether any asset, in any state, was ever made for the lesson (so a one-off import runs once).</summary>
    public Task<bool> LessonHasAnyAsync(int lessonId, CancellationToken cancellationToken) =>
        _db.Assets.AnyAsync(a => a.LessonId == lessonId, cancellationToken);

    /// <summary>Whether the asset can be played: ready, or its source published as it is while the ladder encodes.</summary>
    public Task<bool> IsPlayableAsync(Guid id, CancellationToken cancellationToken) => _storage.IsPublishedAsync(id, cancellationToken);

    /// <summary>The signed folder URL of a ready asset, ending in '/': add "master.m3u8" or "poster.jpg".</summary>
    public string SignedBase(Guid id) => _signer.SignedBase(id);

    /// <summary>The signed base for one playback of validated watching: the segments it fetches are its evidence.</summary>
    public string SignedBase(Guid id, Guid playbackId) => _signer.SignedBase(id, playbackId);

    /// <summary>Removes an asset's row and every file it has; false while a transcode holds its files.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var asset = await _db.Assets.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (asset is null)
        {
            return true;
        }

        if (asset.Status == MediaStatus.Processing)
        {
            return false;
        }

        _db.Assets.Remove(asset);
        await _db.SaveChangesAsync(cancellationToken);
        await _storage.DeleteAssetAsync(id, cancellationToken);
        return true;
    }

    public Task<bool> HasSlidesAsync(int lessonId, CancellationToken cancellationToken) => _storage.HasSlidesAsync(lessonId, cancellationToken);

    public Task SaveSlidesAsync(int lessonId, Stream content, CancellationToken cancellationToken) =>
        _storage.SaveSlidesAsync(lessonId, content, cancellationToken);

    public Task DeleteSlidesAsync(int lessonId, CancellationToken cancellationToken) => _storage.DeleteSlidesAsync(lessonId, cancellationToken);

    /// <summary>
    /// Takes a video file already on this machine (demo content, a server-side import) the way a tus
    /// upload goes: an asset row, the bytes into the upload area, ffprobe validation, the queue.
    /// </summary>
    public async Task<MediaAssetView> ImportAsync(string sourceFile, string fileName, string ownerId, int? lessonId, CancellationToken cancellationToken)
    {
        var length = new FileInfo(sourceFile).Length;
        var asset = new MediaAsset(Guid.NewGuid(), fileName, length, ownerId, lessonId, _time.GetUtcNow());
        _db.Assets.Add(asset);
        await _db.SaveChangesAsync(cancellationToken);
        await using (var source = File.OpenRead(sourceFile))
        {
            var reader = System.IO.Pipelines.PipeReader.Create(source);
            asset.Appended(await _storage.AppendUploadAsync(asset.Id, 0, reader, length, cancellationToken), _time.GetUtcNow());
            await reader.CompleteAsync();
        }

        await _db.SaveChangesAsync(cancellationToken);
        await _validator.ValidateAsync(asset.Id, cancellationToken);
        return (await FindAsync(asset.Id, cancellationToken))!;
    }

    // Filter first, project last: EF cannot translate a condition on the projected record.
    private static IQueryable<MediaAssetView> Views(IQueryable<MediaAsset> assets) => assets.AsNoTracking()
        .Select(a => new MediaAssetView(a.Id, a.Status, a.Progress, a.DurationSeconds, a.Failure, a.Error, a.OwnerId, a.LessonId, a.CreatedAt, a.UploadOffset, a.UploadLength, a.FileName));
}
