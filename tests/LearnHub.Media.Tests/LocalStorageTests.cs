using LearnHub.Media.Storage;

namespace LearnHub.Media.Tests;

/// <summary>The local disk storage's own housekeeping: publishing over a rendition, and work a crash left behind.</summary>
public sealed class LocalStorageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("learnhub-storage-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Publishing_over_a_rendition_replaces_its_files_and_leaves_no_copy_in_work()
    {
        var storage = new LocalMediaStorage(_root);
        var id = Guid.NewGuid();
        var asIs = storage.CreateWorkFolder(id);
        await File.WriteAllTextAsync(Path.Combine(asIs, "master.m3u8"), "as-is");
        await File.WriteAllTextAsync(Path.Combine(asIs, "old.ts"), "segment");
        await storage.PublishAsync(id, asIs, CancellationToken.None);

        var ladder = storage.CreateWorkFolder(id);
        await File.WriteAllTextAsync(Path.Combine(ladder, "master.m3u8"), "ladder");
        await storage.PublishAsync(id, ladder, CancellationToken.None);

        var master = (await storage.OpenReadAsync(id, "master.m3u8", CancellationToken.None))!;
        using var reader = new StreamReader(master.Content);
        Assert.Equal("ladder", await reader.ReadToEndAsync());
        Assert.Null(await storage.OpenReadAsync(id, "old.ts", CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root, "work")));
    }

    [Fact]
    public async Task Work_untouched_for_a_day_is_removed_at_start_and_recent_work_is_kept()
    {
        var first = new LocalMediaStorage(_root);
        var crashed = first.CreateWorkFolder(Guid.NewGuid());
        await File.WriteAllTextAsync(Path.Combine(crashed, "v0_00001.ts"), "half a ladder");
        var spool = Path.Combine(_root, "work", "spool-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(spool, "half a PDF");
        // Ages are counted from the file system's now, as the storage counts them, never from today's date.
        var longAgo = new FileInfo(spool).LastWriteTimeUtc - LocalMediaStorage.StaleWorkAge - TimeSpan.FromHours(1);
        SetWritten(new FileInfo(Path.Combine(crashed, "v0_00001.ts")), longAgo);
        SetWritten(new DirectoryInfo(crashed), longAgo);
        SetWritten(new FileInfo(spool), longAgo);
        var running = first.CreateWorkFolder(Guid.NewGuid());
        // A long transcode on another node: its folder was created long ago, but ffmpeg still writes
        // segments into a rendition folder beneath it.
        var encoding = first.CreateWorkFolder(Guid.NewGuid());
        var rendition = Directory.CreateDirectory(Path.Combine(encoding, "720p")).FullName;
        await File.WriteAllTextAsync(Path.Combine(rendition, "segment_900.ts"), "written just now");
        SetWritten(new DirectoryInfo(rendition), longAgo);
        SetWritten(new DirectoryInfo(encoding), longAgo);

        _ = new LocalMediaStorage(_root);

        Assert.False(Directory.Exists(crashed));
        Assert.False(File.Exists(spool));
        Assert.True(Directory.Exists(running));
        Assert.True(File.Exists(Path.Combine(rendition, "segment_900.ts")));
    }

    /// <summary>
    /// Sets when an entry was last written so that it reads back as <paramref name="when"/>: under faketime
    /// the times read are shifted to the faked clock but the times set are not, so one correction is needed there.
    /// </summary>
    private static void SetWritten(FileSystemInfo entry, DateTime when)
    {
        entry.LastWriteTimeUtc = when;
        entry.Refresh();
        var shift = entry.LastWriteTimeUtc - when;
        if (shift != TimeSpan.Zero)
        {
            entry.LastWriteTimeUtc = when - shift;
            entry.Refresh();
        }

        Assert.Equal(when, entry.LastWriteTimeUtc);
    }

    [Fact]
    public async Task A_missing_file_is_not_found_and_a_present_one_carries_its_time()
    {
        var storage = new LocalMediaStorage(_root);
        var id = Guid.NewGuid();
        Assert.Null(await storage.OpenReadAsync(id, "master.m3u8", CancellationToken.None));

        var work = storage.CreateWorkFolder(id);
        await File.WriteAllTextAsync(Path.Combine(work, "poster.jpg"), "jpeg");
        await storage.PublishAsync(id, work, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(Path.Combine(storage.AssetFolder(id), "poster.jpg"));

        var poster = (await storage.OpenReadAsync(id, "poster.jpg", CancellationToken.None))!;
        await using var content = poster.Content;
        Assert.Equal(4, content.Length);
        Assert.Equal(written, poster.LastModified.UtcDateTime);
        Assert.Null(await storage.OpenReadAsync(id, "missing.ts", CancellationToken.None));
    }
}
