using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using LearnHub.Media.Tools;
using LearnHub.Media.Transcoding;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Media.Upload;

/// <summary>
/// Checks a completed upload with ffprobe before any transcoding: a refused file is deleted and the
/// asset records why; an accepted one is queued for the worker.
/// </summary>
internal sealed class UploadValidator(MediaDbContext db, IFfmpeg ffmpeg, IMediaStorage storage, IMediaEvents events, TranscodeSignal signal, TimeProvider time)
{
    public async Task<MediaAsset> ValidateAsync(Guid id, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.SingleAsync(a => a.Id == id, cancellationToken);
        var path = storage.UploadPath(id);
        var probe = await ffmpeg.ProbeAsync(path, cancellationToken);
        var failure = Classify(probe, await HasContainerSignatureAsync(path, cancellationToken));
        if (failure == MediaFailure.None && await IsCutShortAsync(path, cancellationToken))
        {
            // ffprobe reads a "faststart" MP4 (index first) happily even when the media data after it is cut off.
            failure = MediaFailure.Truncated;
        }
        if (failure == MediaFailure.None)
        {
            // Shared before it is queued, so a worker on another node finds the source it claims.
            await storage.ShareUploadAsync(id, cancellationToken);
            asset.Validated(probe.DurationSeconds, probe.Width, probe.Height, time.GetUtcNow());
        }
        else
        {
            asset.Failed(failure, probe.Error, time.GetUtcNow());
            await storage.DeleteUploadAsync(id, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.StatusChangedAsync(id, asset.Status, asset.Progress, cancellationToken);
        if (asset.Status == MediaStatus.Queued)
        {
            signal.Wake();
        }

        return asset;
    }

    internal static MediaFailure Classify(ProbeResult probe, bool hasContainerSignature)
    {
        if (!probe.Readable)
        {
            // ffprobe gives the same error for both; a file that starts like a video but cannot be
            // read (an MP4 without its trailing index) was cut off, anything else is not media at all.
            return hasContainerSignature ? MediaFailure.Truncated : MediaFailure.NotMedia;
        }

        if ((probe.Error ?? "").Contains("partial file", StringComparison.OrdinalIgnoreCase))
        {
            return MediaFailure.Truncated;
        }

        if (!probe.HasVideo || probe.Width <= 0 || probe.Height <= 0)
        {
            return MediaFailure.NoVideoStream;
        }

        return probe.DurationSeconds > 0 ? MediaFailure.None : MediaFailure.ZeroDuration;
    }

    /// <summary>
    /// Whether an MP4/MOV (ISO base media) file ends inside one of its top-level boxes: each box
    /// declares its size, so a file cut anywhere after the header (in the mdat of a faststart file, say)
    /// is found by walking the boxes, without decoding. Other containers answer false.
    /// </summary>
    internal static async Task<bool> IsCutShortAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var length = file.Length;
        var header = new byte[16];
        long position = 0;
        while (position + 8 <= length)
        {
            file.Position = position;
            await file.ReadExactlyAsync(header.AsMemory(0, 8), cancellationToken);
            if (position == 0 && !header.AsSpan(4, 4).SequenceEqual("ftyp"u8))
            {
                return false;
            }

            long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            if (size == 1)
            {
                // A 64-bit size follows the type (large mdat boxes).
                if (position + 16 > length)
                {
                    return true;
                }

                await file.ReadExactlyAsync(header.AsMemory(8, 8), cancellationToken);
                size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
            }
            else if (size == 0)
            {
                // "Extends to the end of the file": nothing to compare with.
                return false;
            }

            if (size < 8)
            {
                // Not a box structure ffprobe would have accepted either; leave the verdict to it.
                return false;
            }

            if (position + size > length)
            {
                return true;
            }

            position += size;
        }

        return false;
    }

    /// <summary>Whether the file starts with the magic bytes of a common video container.</summary>
    internal static async Task<bool> HasContainerSignatureAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[12];
        await using var file = File.OpenRead(path);
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < 8)
        {
            return false;
        }

        ReadOnlySpan<byte> span = head.AsSpan(0, read);
        return span[4..8].SequenceEqual("ftyp"u8)                                    // MP4, MOV, 3GP
            || span[..4].SequenceEqual(new byte[] { 0x1A, 0x45, 0xDF, 0xA3 })        // Matroska, WebM
            || span[..4].SequenceEqual("RIFF"u8)                                     // AVI
            || span[..3].SequenceEqual("FLV"u8);
    }
}
