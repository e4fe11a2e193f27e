namespace LearnHub.DataAccess;

/// <summary>
/// Secrets, keys and the SQLite database in the data folder are the service account's alone: files 0600,
/// folders 0700 on Unix, whatever the umask. Anyone else on the machine who could read them could sign
/// media URLs, forge check-in codes or tokens, or copy every person's record. On Windows the folder's ACL
/// decides, so these do nothing beyond creating.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and its missing parents) owner-only, and tightens it when it already exists.</summary>
    public static DirectoryInfo CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var folder = Directory.CreateDirectory(path, FolderMode);
        // CreateDirectory leaves an existing folder as it was, and the mode it gives a new one passes through the umask.
        File.SetUnixFileMode(path, FolderMode);
        return folder;
    }

    /// <summary>Options that create a new file owner-only from the start, so it is never readable by others, not even for a moment.</summary>
    public static FileStreamOptions CreateNew()
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    /// <summary>
    /// Makes an existing file or folder owner-only (files written by an older version, or copied in by hand
    /// from a backup); a folder's files too, not its subfolders' contents. Missing paths are left alone.
    /// </summary>
    public static void Restrict(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (Directory.Exists(path))
        {
            File.SetUnixFileMode(path, FolderMode);
            foreach (var file in Directory.EnumerateFiles(path))
            {
                RestrictFile(file);
            }
        }
        else
        {
            RestrictFile(path);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void RestrictFile(string path)
    {
        try
        {
            File.SetUnixFileMode(path, FileMode);
        }
        catch (FileNotFoundException)
        {
            // Gone between listing and changing (a -shm removed at close): nothing left to protect.
        }
    }
}
