using System.Text.RegularExpressions;

namespace LearnHub.Media;

/// <summary>
/// A tool's error text as a caller may see it: ffmpeg and the file system quote absolute paths, which
/// tell an outsider where the server keeps its data, so each one is cut down to its file name.
/// </summary>
internal static partial class FailureDetail
{
    public static string? WithoutPaths(string? detail) =>
        detail is null ? null : AbsolutePath().Replace(detail, m => "…/" + m.Groups["name"].Value);

    // A Unix path of two or more segments or a Windows drive path; the last segment is kept.
    [GeneratedRegex(@"(?:[A-Za-z]:)?[\\/](?:[^\s'""\\/:]+[\\/])+(?<name>[^\s'""\\/:]*)")]
    private static partial Regex AbsolutePath();
}
