using System.Globalization;
using System.Text;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using LearnHub.Media.Tools;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Media.Transcoding;

/// <summary>
/// Turns one queued asset into an HLS ladder (H.264/AAC, ~4 s segments with aligned keyframes), a
/// master playlist and a poster, written to a work folder and published only when complete.
/// </summary>
internal sealed class Transcoder(MediaDbContext db, IFfmpeg ffmpeg, IMediaStorage storage, IMediaEvents events, TimeProvider time)
{
    public const int SegmentSeconds = 4;

    /// <summary>
    /// Claims the oldest job that waits, or whose owner's lease ran out (a dead node), for
    /// <paramref name="owner"/>; null when there is none. The claim is one conditional UPDATE, so when
    /// two workers (on one host or several) race for a job, the database lets exactly one of them have it.
    /// </summary>
    public async Task<Guid?> ClaimNextAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidates = await db.Assets.AsNoTracking()
            .Where(a => a.Status == MediaStatus.Queued || (a.Status == MediaStatus.Processing && (a.LeaseExpiresAt == null || a.LeaseExpiresAt < now)))
            .OrderBy(a => a.UpdatedAt).Select(a => a.Id).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var expires = now + lease;
            var won = await db.Assets
                .Where(a => a.Id == id
                    && (a.Status == MediaStatus.Queued || (a.Status == MediaStatus.Processing && (a.LeaseExpiresAt == null || a.LeaseExpiresAt < now))))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(a => a.Status, MediaStatus.Processing)
                    .SetProperty(a => a.LeaseOwner, owner)
                    .SetProperty(a => a.LeaseExpiresAt, expires)
                    .SetProperty(a => a.Progress, 0.0)
                    .SetProperty(a => a.Attempts, a => a.Attempts + 1)
                    .SetProperty(a => a.UpdatedAt, now), cancellationToken);
            if (won == 1)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Extends the owner's lease; false when the job is no longer its own (the lease ran out and another worker took it).</summary>
    public async Task<bool> RenewLeaseAsync(Guid id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var expires = time.GetUtcNow() + lease;
        return await db.Assets.Where(a => a.Id == id && a.Status == MediaStatus.Processing && a.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LeaseExpiresAt, expires), cancellationToken) == 1;
    }

    /// <summary>A worker stopping in an orderly way hands its unfinished job back at once instead of letting the lease run out.</summary>
    public async Task ReleaseAsync(Guid id, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Assets.Where(a => a.Id == id && a.Status == MediaStatus.Processing && a.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, MediaStatus.Queued)
                .SetProperty(a => a.LeaseOwner, (string?)null)
                .SetProperty(a => a.LeaseExpiresAt, (DateTimeOffset?)null)
                .SetProperty(a => a.Progress, 0.0)
                .SetProperty(a => a.UpdatedAt, now), cancellationToken);
    }

    /// <summary>
    /// Jobs found Processing without a lease (left by a version before leases) wait again. Jobs with a
    /// lease are not touched: they may be running on another node, and a dead node's are claimed once it runs out.
    /// </summary>
    public async Task<int> RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        var interrupted = await db.Assets.Where(a => a.Status == MediaStatus.Processing && a.LeaseOwner == null).ToListAsync(cancellationToken);
        foreach (var asset in interrupted)
        {
            asset.Requeue(time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return interrupted.Count;
    }

    public async Task RunAsync(Guid id, CancellationToken cancellationToken)
    {
        var asset = await db.Assets.SingleAsync(a => a.Id == id, cancellationToken);
        var work = storage.CreateWorkFolder(id);
        try
        {
            // On several nodes the upload may have arrived at another one: fetched from the shared storage.
            var source = await storage.FetchUploadAsync(id, cancellationToken);
            var probe = source is not null ? await ffmpeg.ProbeAsync(source, cancellationToken) : null;
            if (source is null || probe is not { Readable: true, HasVideo: true, Width: > 0, Height: > 0 })
            {
                // Validated once, unreadable now: the source was lost or damaged on disk.
                Directory.Delete(work, recursive: true);
                asset.Failed(MediaFailure.TranscodeFailed, probe?.Error ?? "The uploaded source file is missing.", time.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                await events.StatusChangedAsync(id, asset.Status, asset.Progress, cancellationToken);
                return;
            }

            var ladder = RenditionLadder.For(probe.Width, probe.Height);
            // The as-is pass runs beside the ladder, not before it: it is I/O-bound and short, so the lesson
            // plays within seconds and the ladder finishes no later than ffmpeg alone would. Both write
            // progress through the one DbContext, one at a time.
            using var writes = new SemaphoreSlim(1);
            var asIs = RenditionLadder.CanServeAsIs(probe)
                ? PublishAsIsAsync(asset, source, probe, work, writes, cancellationToken)
                : Task.FromResult(false);
            var lastReport = 0.0;
            string? error;
            try
            {
                error = await ffmpeg.RunAsync(HlsArguments(source, work, ladder, probe.HasAudio), probe.DurationSeconds, async progress =>
                {
                    // Report in 5 % steps: enough for a progress bar, few database writes.
                    if (progress - lastReport < 0.05)
                    {
                        return;
                    }

                    lastReport = progress;
                    await writes.WaitAsync(cancellationToken);
                    try
                    {
                        asset.Reported(progress, time.GetUtcNow());
                        await db.SaveChangesAsync(cancellationToken);
                    }
                    finally
                    {
                        writes.Release();
                    }

                    await events.StatusChangedAsync(id, asset.Status, progress, cancellationToken);
                }, cancellationToken);
            }
            finally
            {
                // Never leave the as-is pass writing into a work folder that is about to be published or deleted.
                await SettleAsync(asIs);
            }

            // The as-is pass already put its segments and the poster into the work folder.
            if (!asIs.IsCompletedSuccessfully || !asIs.Result)
            {
                error ??= await ffmpeg.RunAsync(PosterArguments(source, Path.Combine(work, "poster.jpg"), probe.DurationSeconds), 0, null, cancellationToken);
            }

            if (error is not null)
            {
                Directory.Delete(work, recursive: true);
                asset.Failed(MediaFailure.TranscodeFailed, error, time.GetUtcNow());
            }
            else
            {
                await File.WriteAllTextAsync(Path.Combine(work, "master.m3u8"), MasterPlaylist(ladder), cancellationToken);
                await storage.PublishAsync(id, work, cancellationToken);
                await storage.DeleteUploadAsync(id, cancellationToken);
                asset.Completed(time.GetUtcNow());
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            throw;
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the job stays Processing and is re-queued at the next start.
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }

            throw;
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.StatusChangedAsync(id, asset.Status, asset.Progress, cancellationToken);
    }

    internal const string AsIsFolder = "source";

    /// <summary>
    /// Remux first: segments the source as it is (no encode, seconds for an hour of video) with a poster
    /// and publishes it, so the lesson plays while the ladder is encoded. A failure here only loses the
    /// head start; the ladder still runs.
    /// </summary>
    private async Task<bool> PublishAsIsAsync(MediaAsset asset, string source, ProbeResult probe, string work, SemaphoreSlim writes, CancellationToken cancellationToken)
    {
        var quick = storage.CreateWorkFolder(asset.Id);
        string? error;
        try
        {
            error = await ffmpeg.RunAsync(CopyArguments(source, Directory.CreateDirectory(Path.Combine(quick, AsIsFolder)).FullName), 0, null, cancellationToken)
                ?? await ffmpeg.RunAsync(PosterArguments(source, Path.Combine(quick, "poster.jpg"), probe.DurationSeconds), 0, null, cancellationToken);
        }
        catch (Exception)
        {
            Directory.Delete(quick, recursive: true);
            throw;
        }

        if (error is not null)
        {
            Directory.Delete(quick, recursive: true);
            return false;
        }

        var bandwidth = (long)(probe.BitRate * 1.1);
        await File.WriteAllTextAsync(Path.Combine(quick, "master.m3u8"),
            $"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH={bandwidth.ToString(CultureInfo.InvariantCulture)},RESOLUTION={probe.Width.ToString(CultureInfo.InvariantCulture)}x{probe.Height.ToString(CultureInfo.InvariantCulture)}\n{AsIsFolder}/index.m3u8\n",
            cancellationToken);
        // Players that start on the as-is playlist keep fetching its segments after the ladder replaces
        // it, so the final folder carries them too: copied now (plain I/O) rather than cut a second time.
        CopyFolder(Path.Combine(quick, AsIsFolder), Path.Combine(work, AsIsFolder));
        File.Copy(Path.Combine(quick, "poster.jpg"), Path.Combine(work, "poster.jpg"), overwrite: true);
        await storage.PublishAsync(asset.Id, quick, cancellationToken);
        await writes.WaitAsync(cancellationToken);
        try
        {
            asset.Reported(Math.Max(asset.Progress, 0.01), time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            writes.Release();
        }

        // Still Processing, but playable: the host may attach it to its lesson now.
        await events.StatusChangedAsync(asset.Id, asset.Status, asset.Progress, cancellationToken);
        return true;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>Waits for a side task and forgets its failure: the as-is pass is only a head start.</summary>
    private static async Task SettleAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // Cancelled with the job, or failed: the ladder decides the outcome.
        }
    }

    internal static List<string> CopyArguments(string source, string output) =>
    [
        "-i", source, "-map", "0:v:0", "-map", "0:a:0?", "-c", "copy",
        "-f", "hls", "-hls_time", SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-hls_playlist_type", "vod",
        "-hls_segment_filename", Path.Combine(output, "segment_%03d.ts"), Path.Combine(output, "index.m3u8"),
    ];

    internal static List<string> HlsArguments(string source, string output, IReadOnlyList<Rendition> ladder, bool hasAudio)
    {
        var filter = new StringBuilder($"[0:v]split={ladder.Count}");
        for (var i = 0; i < ladder.Count; i++)
        {
            filter.Append(CultureInfo.InvariantCulture, $"[s{i}]");
        }

        for (var i = 0; i < ladder.Count; i++)
        {
            filter.Append(CultureInfo.InvariantCulture, $";[s{i}]scale={ladder[i].Width}:{ladder[i].Height}[v{i}]");
        }

        var args = new List<string> { "-i", source, "-filter_complex", filter.ToString() };
        var streamMap = new List<string>();
        for (var i = 0; i < ladder.Count; i++)
        {
            var r = ladder[i];
            args.AddRange(["-map", $"[v{i}]"]);
            args.AddRange([$"-c:v:{i}", "libx264", $"-b:v:{i}", $"{r.VideoKbps}k", $"-maxrate:v:{i}", $"{r.VideoKbps * 11 / 10}k", $"-bufsize:v:{i}", $"{r.VideoKbps * 2}k"]);
            if (hasAudio)
            {
                args.AddRange(["-map", "0:a:0", $"-c:a:{i}", "aac", $"-b:a:{i}", $"{r.AudioKbps}k"]);
            }

            streamMap.Add(hasAudio ? $"v:{i},a:{i},name:{r.Name}" : $"v:{i},name:{r.Name}");
        }

        args.AddRange([
            "-preset", "veryfast", "-pix_fmt", "yuv420p", "-profile:v", "main",
            // A keyframe every 4 s in every rendition, so players can switch at any segment boundary.
            "-force_key_frames", $"expr:gte(t,n_forced*{SegmentSeconds})", "-sc_threshold", "0",
            "-ac", "2", "-ar", "48000",
            "-f", "hls", "-hls_time", SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-hls_playlist_type", "vod",
            "-hls_segment_filename", Path.Combine(output, "%v", "segment_%03d.ts"),
            "-var_stream_map", string.Join(' ', streamMap),
            Path.Combine(output, "%v", "index.m3u8"),
        ]);
        return args;
    }

    internal static List<string> PosterArguments(string source, string poster, double durationSeconds) =>
    [
        // A frame a little in, so the poster is not the black first frame of many recordings.
        "-ss", Math.Min(1, durationSeconds / 2).ToString("0.###", CultureInfo.InvariantCulture), "-i", source,
        "-frames:v", "1", "-vf", "scale=-2:'min(720,ih)'", "-q:v", "3", poster,
    ];

    internal static string MasterPlaylist(IReadOnlyList<Rendition> ladder)
    {
        var playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        foreach (var r in ladder)
        {
            playlist.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={r.Bandwidth},RESOLUTION={r.Width}x{r.Height}\n{r.Name}/index.m3u8\n");
        }

        return playlist.ToString();
    }
}
