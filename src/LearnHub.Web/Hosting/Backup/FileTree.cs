using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace LearnHub.Web.Hosting.Backup;

/// <summary>A file found in a folder being backed up: '/'-separated path relative to the folder, size and mode.</summary>
internal sealed record TreeFile(string RelativePath, string FullPath, long Bytes, UnixFileMode Mode);

/// <summary>A folder found beneath it, with its mode.</summary>
internal sealed record TreeFolder(string RelativePath, UnixFileMode Mode);

/// <summary>Walking, copying and hashing files for backup and restore, keeping their modes on Unix.</summary>
internal static class FileTree
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Every file and folder under <paramref name="root"/> that <paramref name="skip"/> leaves in (it sees relative
    /// '/'-separated paths). A symbolic link to a folder (media on another disk) is walked as a folder; sockets,
    /// pipes and devices are left out.
    /// </summary>
    public static (List<TreeFolder> Folders, List<TreeFile> Files) Walk(string root, Func<string, bool> skip)
    {
        var folders = new List<TreeFolder>();
        var files = new List<TreeFile>();
        var pending = new Stack<(DirectoryInfo Folder, string Relative, int Depth)>();
        pending.Push((new DirectoryInfo(root), "", 0));
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        while (pending.Count > 0)
        {
            var (folder, relative, depth) = pending.Pop();
            foreach (var entry in folder.EnumerateFileSystemInfos("*", options))
            {
                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (skip(path))
                {
                    continue;
                }

                if (entry is DirectoryInfo directory)
                {
                    // A link pointing back up would otherwise be walked for ever.
                    if (depth > 64)
                    {
                        throw new BackupException($"{entry.FullName} is more than 64 folders deep: a symbolic link loop?");
                    }

                    folders.Add(new TreeFolder(path, ModeOf(directory.FullName)));
                    pending.Push((directory, path, depth + 1));
                }
                else if (entry is FileInfo file)
                {
                    FileInfo target = file;
                    if (file.LinkTarget is not null)
                    {
                        if (file.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo resolved || !resolved.Exists)
                        {
                            continue;
                        }

                        target = resolved;
                    }

                    if (IsRegular(target))
                    {
                        files.Add(new TreeFile(path, file.FullName, target.Length, ModeOf(target.FullName)));
                    }
                }
            }
        }

        folders.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return (folders, files);
    }

    private static bool IsRegular(FileInfo file) =>
        OperatingSystem.IsWindows() || (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0
            && !file.Attributes.HasFlag(FileAttributes.Directory);

    /// <summary>
    /// Copies <paramref name="source"/> to a new file at <paramref name="target"/> (owner-only from its creation) and
    /// returns what was written: its length and SHA-256, hashed from the very bytes written, so a file that changes
    /// while it is copied is described as copied. Other writers may keep writing the source meanwhile.
    /// </summary>
    public static async Task<(long Bytes, string Sha256)> CopyAsync(string source, string target, Progress? progress, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(target, LearnHub.DataAccess.PrivateFiles.CreateNew());
        return await ReadAsync(source, output, progress, cancellationToken);
    }

    /// <summary>The SHA-256 of a file (lower-case hex) and its length.</summary>
    public static Task<(long Bytes, string Sha256)> HashAsync(string path, Progress? progress, CancellationToken cancellationToken) =>
        ReadAsync(path, null, progress, cancellationToken);

    /// <summary>Writes a stream (an object read from a bucket) into a new owner-only file; returns its length and SHA-256.</summary>
    public static async Task<(long Bytes, string Sha256)> CopyAsync(Stream input, string target, Progress? progress, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(target, LearnHub.DataAccess.PrivateFiles.CreateNew());
        return await ReadAsync(input, output, progress, cancellationToken);
    }

    /// <summary>Reads a file once, hashing it and writing it to <paramref name="output"/> when there is one.</summary>
    private static async Task<(long Bytes, string Sha256)> ReadAsync(string source, Stream? output, Progress? progress, CancellationToken cancellationToken)
    {
        await using var input = new FileStream(source, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        return await ReadAsync(input, output, progress, cancellationToken);
    }

    private static async Task<(long Bytes, string Sha256)> ReadAsync(Stream input, Stream? output, Progress? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            if (output is not null)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            total += read;
            progress?.Advance(read);
        }

        return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? LearnHub.DataAccess.PrivateFiles.FileMode : File.GetUnixFileMode(path) & (UnixFileMode)0x1FF;

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    /// <summary>Creates a folder with exactly <paramref name="mode"/> (not what the umask leaves of it).</summary>
    public static void CreateFolder(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, mode);
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Deletes a folder and everything in it, if it exists; a failure is reported, not thrown (this is clean-up).</summary>
    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not remove {path}: {e.Message}. Remove it by hand.");
        }
    }
}

/// <summary>
/// Progress of a long step (copying or checking files) as lines on the console, at most one every few seconds:
/// "data folder: 1204 of 3400 files, 1.1 GiB of 3.0 GiB". Nothing between when the step is quick.
/// </summary>
internal sealed class Progress(string step, int totalFiles, long totalBytes)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private long _bytes;
    private int _files;

    public void Advance(long bytes)
    {
        _bytes += bytes;
        Report();
    }

    public void FileDone()
    {
        _files++;
        Report();
    }

    private void Report()
    {
        if (_sinceLast.Elapsed < Interval)
        {
            return;
        }

        _sinceLast.Restart();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {step}: {_files} of {totalFiles} files, {BackupManifest.Size(_bytes)} of {BackupManifest.Size(totalBytes)}"));
    }
}
