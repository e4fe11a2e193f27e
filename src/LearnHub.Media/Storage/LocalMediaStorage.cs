using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace LearnHub.Media.Storage;

/// <summary>Media on local disk under {LearnHub:DataPath}/media: uploads/, work/, assets/{id}/ and slides/.</summary>
internal sealed class LocalMediaStorage : IMediaStorage
{
    private readonly string _uploads;
    private readonly string _work;
    private readonly string _assets;
    private readonly string _slides;

    public LocalMediaStorage(string root)
    {
        _uploads = Directory.CreateDirectory(Path.Combine(root, "uploads")).FullName;
        _work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        _assets = Directory.CreateDirectory(Path.Combine(root, "assets")).FullName;
        _slides = Directory.CreateDirectory(Path.Combine(root, "slides")).FullName;
        PruneWork(StaleWorkAge);
    }

    /// <summary>
    /// Work left this long untouched belongs to no running job: a transcode, a deck or an upload spool cut
    /// short by a crash or a restart (the recovered job starts in a new folder). A running job writes
    /// beneath its folder every few seconds, so a day leaves room for nodes sharing one data folder.
    /// </summary>
    internal static readonly TimeSpan StaleWorkAge = TimeSpan.FromDays(1);

    /// <summary>Deletes what in the work folder has not been written for <paramref name="age"/>; returns how many entries.</summary>
    internal int PruneWork(TimeSpan age)
    {
        // File times are stamped by the file system (on a shared folder, by its server), so they are compared
        // with its own now, not with the app's TimeProvider, which tests set to other years.
        var before = FileSystemNow() - age;
        var pruned = 0;
        foreach (var entry in new DirectoryInfo(_work).EnumerateFileSystemInfos())
        {
            try
            {
                if (LastTouched(entry) >= before)
                {
                    continue;
                }

                if (entry is DirectoryInfo folder)
                {
                    folder.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }

                pruned++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already, or still held: the next start tries again.
            }
        }

        return pruned;
    }

    /// <summary>Now as the file system stamps it: the time of a file written for the purpose.</summary>
    private DateTime FileSystemNow()
    {
        var probe = new FileInfo(Path.Combine(_work, ".now-" + Guid.NewGuid().ToString("N")));
        using (probe.Create())
        {
        }

        try
        {
            probe.Refresh();
            return probe.LastWriteTimeUtc;
        }
        finally
        {
            probe.Delete();
        }
    }

    // A folder's own time moves only when entries are added to it or removed, not while ffmpeg writes
    // segments into its rendition subfolders: a folder is as recent as anything beneath it.
    private static DateTime LastTouched(FileSystemInfo entry) => entry is DirectoryInfo folder
        ? folder.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(e => e.LastWriteTimeUtc).Append(folder.LastWriteTimeUtc).Max()
        : entry.LastWriteTimeUtc;

    public string UploadPath(Guid id) => Path.Combine(_uploads, id.ToString("N"));

    public string AssetFolder(Guid id) => Path.Combine(_assets, id.ToString("N"));

    public async Task<long> AppendUploadAsync(Guid id, long offset, PipeReader content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var file = OpenUpload(id, offset);
        // Continuing past the end of what is here would fill the gap with zeros: a corrupt video.
        if (RandomAccess.GetLength(file) < offset)
        {
            throw new UploadMissingException(id);
        }

        RandomAccess.SetLength(file, offset);
        var position = offset;
        var segments = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            var result = await content.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            // A client may not send past the declared length; stop before writing the excess.
            if (position + buffer.Length > maxBytes)
            {
                throw new InvalidDataException("The request body is longer than the upload.");
            }

            // The body's buffers as they are, in one gathering write: into the page cache, so it does not block for long.
            segments.Clear();
            foreach (var segment in buffer)
            {
                segments.Add(segment);
            }

            RandomAccess.Write(file, segments, position);
            position += buffer.Length;
            content.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return position;
            }
        }
    }

    /// <summary>
    /// Only the first chunk creates the file: a later chunk that reached a node without the earlier ones (docs/deploy.md,
    /// "Uploads on several nodes") leaves nothing behind that a worker here could take for the source.
    /// </summary>
    private SafeFileHandle OpenUpload(Guid id, long offset)
    {
        try
        {
            return File.OpenHandle(UploadPath(id), offset == 0 ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.Write, FileShare.Read);
        }
        catch (FileNotFoundException)
        {
            throw new UploadMissingException(id);
        }
    }

    // One disk for every worker: nothing to share.
    public Task ShareUploadAsync(Guid id, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<string?> FetchUploadAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(UploadPath(id)) ? UploadPath(id) : null);

    public Task DeleteUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        File.Delete(UploadPath(id));
        return Task.CompletedTask;
    }

    public string CreateWorkFolder(Guid id) =>
        Directory.CreateDirectory(Path.Combine(_work, $"{id:N}-{Guid.NewGuid():N}")).FullName;

    public Task PublishAsync(Guid id, string workFolder, CancellationToken cancellationToken)
    {
        var target = AssetFolder(id);
        // Renames on one volume: readers see the old folder or the new one, never a part. The old one
        // (the as-is rendition a trainee may be playing) is moved aside first and deleted afterwards,
        // so the gap between the two is a rename, not a recursive delete of every segment.
        string? previous = null;
        if (Directory.Exists(target))
        {
            previous = Path.Combine(_work, $"{id:N}-replaced-{Guid.NewGuid():N}");
            Directory.Move(target, previous);
        }

        try
        {
            Directory.Move(workFolder, target);
        }
        catch when (previous is not null)
        {
            // The old files stay published rather than none.
            Directory.Move(previous, target);
            throw;
        }

        if (previous is not null)
        {
            Directory.Delete(previous, recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task<StoredFile?> OpenReadAsync(Guid id, string relativePath, CancellationToken cancellationToken)
    {
        var folder = AssetFolder(id);
        var path = Path.GetFullPath(Path.Combine(folder, relativePath));
        // Refuse "../" tricks: only files inside the asset's own folder are served.
        return Task.FromResult(path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Open(path) : null);
    }

    public Task<bool> IsPublishedAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(Path.Combine(AssetFolder(id), "master.m3u8")));

    public Task DeleteAssetAsync(Guid id, CancellationToken cancellationToken)
    {
        File.Delete(UploadPath(id));
        if (Directory.Exists(AssetFolder(id)))
        {
            Directory.Delete(AssetFolder(id), recursive: true);
        }

        return Task.CompletedTask;
    }

    public long AvailableFreeSpace() => new DriveInfo(_uploads).AvailableFreeSpace;

    private string SlidesPath(int lessonId) => Path.Combine(_slides, $"lesson-{lessonId.ToString(CultureInfo.InvariantCulture)}.pdf");

    public async Task SaveSlidesAsync(int lessonId, Stream content, CancellationToken cancellationToken)
    {
        var temporary = await SpoolAsync(content, cancellationToken);
        try
        {
            File.Move(temporary, SlidesPath(lessonId), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Copies content into a new file in the work folder (so a half-sent file never replaces a whole one).</summary>
    public async Task<string> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(_work, $"spool-{Guid.NewGuid():N}");
        try
        {
            await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await content.CopyToAsync(file, cancellationToken);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return temporary;
    }

    public Task<StoredFile?> OpenSlidesAsync(int lessonId, CancellationToken cancellationToken) => Task.FromResult(Open(SlidesPath(lessonId)));

    public Task<bool> HasSlidesAsync(int lessonId, CancellationToken cancellationToken) => Task.FromResult(File.Exists(SlidesPath(lessonId)));

    public Task DeleteSlidesAsync(int lessonId, CancellationToken cancellationToken)
    {
        File.Delete(SlidesPath(lessonId));
        return Task.CompletedTask;
    }

    private static StoredFile? Open(string path) =>
        File.Exists(path) ? new StoredFile(File.OpenRead(path), File.GetLastWriteTimeUtc(path)) : null;
}
