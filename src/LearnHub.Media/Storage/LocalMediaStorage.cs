namespace LearnHub.Media.Storage;

/// <summary>Media on local disk under {LearnHub:DataPath}/media: uploads/, work/ and assets/{id}/.</summary>
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
    }

    public string UploadPath(Guid id) => Path.Combine(_uploads, id.ToString("N"));

    public string AssetFolder(Guid id) => Path.Combine(_assets, id.ToString("N"));

    public async Task<long> AppendUploadAsync(Guid id, long offset, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(UploadPath(id), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 81920, useAsync: true);
        file.SetLength(offset);
        file.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            // A client may not send past the declared length; stop before writing the excess.
            if (file.Position + read > maxBytes)
            {
                throw new InvalidDataException("The request body is longer than the upload.");
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        await file.FlushAsync(cancellationToken);
        return file.Position;
    }

    public void DeleteUpload(Guid id) => File.Delete(UploadPath(id));

    public string CreateWorkFolder(Guid id) =>
        Directory.CreateDirectory(Path.Combine(_work, $"{id:N}-{Guid.NewGuid():N}")).FullName;

    public void Publish(Guid id, string workFolder)
    {
        var target = AssetFolder(id);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Move(workFolder, target);
    }

    public StoredFile? OpenRead(Guid id, string relativePath)
    {
        var folder = AssetFolder(id);
        var path = Path.GetFullPath(Path.Combine(folder, relativePath));
        // Refuse "../" tricks: only files inside the asset's own folder are served.
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return null;
        }

        return new StoredFile(File.OpenRead(path), File.GetLastWriteTimeUtc(path));
    }

    public bool IsPublished(Guid id) => File.Exists(Path.Combine(AssetFolder(id), "master.m3u8"));

    public void DeleteAsset(Guid id)
    {
        DeleteUpload(id);
        if (Directory.Exists(AssetFolder(id)))
        {
            Directory.Delete(AssetFolder(id), recursive: true);
        }
    }

    public long AvailableFreeSpace() => new DriveInfo(_uploads).AvailableFreeSpace;

    private string SlidesPath(int lessonId) => Path.Combine(_slides, $"lesson-{lessonId.ToString(System.Globalization.CultureInfo.InvariantCulture)}.pdf");

    public async Task SaveSlidesAsync(int lessonId, Stream content, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(_work, $"slides-{Guid.NewGuid():N}.pdf");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temporary, SlidesPath(lessonId), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public StoredFile? OpenSlides(int lessonId)
    {
        var path = SlidesPath(lessonId);
        return File.Exists(path) ? new StoredFile(File.OpenRead(path), File.GetLastWriteTimeUtc(path)) : null;
    }

    public bool HasSlides(int lessonId) => File.Exists(SlidesPath(lessonId));

    public void DeleteSlides(int lessonId) => File.Delete(SlidesPath(lessonId));
}
