using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Media.Upload;

/// <summary>Why a new upload was refused before any byte of it was sent.</summary>
internal enum UploadRefusal
{
    None,
    /// <summary>The person's unfinished uploads already promise their quota.</summary>
    UserQuota,
    /// <summary>Everyone's unfinished uploads together already promise the total quota.</summary>
    TotalQuota,
    /// <summary>The disk cannot hold what is promised and this upload (and its renditions).</summary>
    DiskSpace,
}

/// <summary>
/// The bookkeeping of tus uploads (续传上传) that several nodes share through the database: what unfinished
/// uploads promise against the quotas, when one expires, and who may write to one. A PATCH holds the
/// asset's lease (<see cref="MediaAsset.LeaseOwner"/>, free while it uploads) from a conditional UPDATE on
/// the expected offset, so of two PATCHes — on one node or two — only one writes; the other is told 409.
/// </summary>
internal sealed class ResumableUploads(MediaDbContext db, MediaOptions options, IMediaStorage storage, TimeProvider time)
{
    /// <summary>Whether a new upload of <paramref name="length"/> bytes fits the quotas and the disk, counting what unfinished uploads promise.</summary>
    public async Task<UploadRefusal> CheckRoomAsync(string ownerId, long length, CancellationToken cancellationToken)
    {
        // An expired upload waits for the sweeper but no longer holds its room.
        var unfinished = Unfinished(time.GetUtcNow());
        var mine = await unfinished.Where(a => a.OwnerId == ownerId).SumAsync(a => a.UploadLength, cancellationToken);
        if (mine + length > options.UploadQuotaBytesPerUser)
        {
            return UploadRefusal.UserQuota;
        }

        if (await unfinished.SumAsync(a => a.UploadLength, cancellationToken) + length > options.UploadQuotaBytes)
        {
            return UploadRefusal.TotalQuota;
        }

        // What is still to come of the others, and this one, each with room for its renditions.
        var toCome = await unfinished.SumAsync(a => a.UploadLength - a.UploadOffset, cancellationToken);
        return storage.AvailableFreeSpace() < (toCome + length) * 2 ? UploadRefusal.DiskSpace : UploadRefusal.None;
    }

    /// <summary>When an upload last written at <paramref name="updatedAt"/> expires unless another chunk arrives.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset updatedAt) => updatedAt + options.UploadExpiry;

    public bool IsExpired(MediaAsset asset) =>
        asset.Status == MediaStatus.Uploading && ExpiresAt(asset.UpdatedAt) <= time.GetUtcNow();

    /// <summary>
    /// Takes the upload for one PATCH at <paramref name="offset"/>: only when the offset is still the
    /// recorded one, the upload is unfinished and unexpired, and no other PATCH holds it. False means 409.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid id, long offset, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now + options.Lease;
        var claimed = await Unfinished(now)
            .Where(a => a.Id == id && a.UploadOffset == offset && a.UploadOffset < a.UploadLength && (a.LeaseExpiresAt == null || a.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LeaseOwner, owner).SetProperty(a => a.LeaseExpiresAt, expires), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Extends the lease of a PATCH still receiving; false when it was lost (it stalled past its lease and another took over).</summary>
    public async Task<bool> RenewAsync(Guid id, string owner, CancellationToken cancellationToken)
    {
        var expires = time.GetUtcNow() + options.Lease;
        return await db.Assets.Where(a => a.Id == id && a.Status == MediaStatus.Uploading && a.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LeaseExpiresAt, expires), cancellationToken) == 1;
    }

    /// <summary>Records the offset the PATCH reached and frees the upload; false when the lease was no longer this PATCH's.</summary>
    public async Task<bool> ReleaseAsync(Guid id, string owner, long offset, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await db.Assets.Where(a => a.Id == id && a.Status == MediaStatus.Uploading && a.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.UploadOffset, offset)
                .SetProperty(a => a.UpdatedAt, now)
                .SetProperty(a => a.LeaseOwner, (string?)null)
                .SetProperty(a => a.LeaseExpiresAt, (DateTimeOffset?)null), cancellationToken) == 1;
    }

    /// <summary>Deletes the expired unfinished uploads that no PATCH holds, row and bytes; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.UploadExpiry;
        var expired = await db.Assets.AsNoTracking()
            .Where(a => a.Status == MediaStatus.Uploading && a.UpdatedAt <= cutoff)
            .Select(a => a.Id).Take(500).ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var id in expired)
        {
            // The same conditions again in the DELETE: a chunk that arrived (or a PATCH that claimed it) since the query keeps it alive.
            if (await db.Assets.Where(a => a.Id == id && a.Status == MediaStatus.Uploading && a.UpdatedAt <= cutoff && (a.LeaseExpiresAt == null || a.LeaseExpiresAt < now))
                    .ExecuteDeleteAsync(cancellationToken) == 1)
            {
                await storage.DeleteAssetAsync(id, cancellationToken);
                deleted++;
            }
        }

        return deleted + await DeleteOrphanedBytesAsync(cancellationToken);
    }

    /// <summary>
    /// Deletes upload bytes on this node's disk that nothing will read again: the upload no longer exists (another
    /// node swept it, or a client terminated it), or it is published (ready is final, and its source is deleted then)
    /// while this node still holds the chunks it took before the upload went on elsewhere. Each node can delete only
    /// its own disk. A file is written only under a PATCH's lease on an unfinished upload, so neither is one still being written.
    /// </summary>
    private async Task<int> DeleteOrphanedBytesAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(storage.UploadPath(Guid.Empty))!;
        var onDisk = Directory.EnumerateFiles(folder).Select(Path.GetFileName)
            .Select(name => Guid.TryParseExact(name, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var deleted = 0;
        foreach (var chunk in onDisk.Chunk(500))
        {
            var known = await db.Assets.AsNoTracking().Where(a => chunk.Contains(a.Id) && a.Status != MediaStatus.Ready).Select(a => a.Id).ToListAsync(cancellationToken);
            foreach (var orphan in chunk.Except(known))
            {
                File.Delete(storage.UploadPath(orphan));
                deleted++;
            }
        }

        return deleted;
    }

    private IQueryable<MediaAsset> Unfinished(DateTimeOffset now)
    {
        var cutoff = now - options.UploadExpiry;
        return db.Assets.Where(a => a.Status == MediaStatus.Uploading && a.UpdatedAt > cutoff);
    }
}
