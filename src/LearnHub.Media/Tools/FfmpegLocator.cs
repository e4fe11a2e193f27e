using Microsoft.Extensions.Configuration;

namespace LearnHub.Media.Tools;

/// <summary>
/// Finds ffmpeg and ffprobe: <c>Media:FfmpegFolder</c> when set, else the PATH. Media work cannot
/// run without them, so the host reports their absence at start and in /health, naming the package.
/// </summary>
public sealed class FfmpegLocator(IConfiguration configuration)
{
    public const string InstallHint = "ffmpeg and ffprobe were not found: install Debian's ffmpeg package (apt-get install ffmpeg) or set Media:FfmpegFolder.";

    public string? FindFolder()
    {
        var configured = configuration["Media:FfmpegFolder"];
        var candidates = string.IsNullOrWhiteSpace(configured)
            ? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [configured];
        return candidates.FirstOrDefault(folder =>
            File.Exists(Path.Combine(folder, "ffmpeg")) && File.Exists(Path.Combine(folder, "ffprobe")));
    }
}
