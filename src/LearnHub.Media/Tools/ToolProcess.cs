using System.Diagnostics;

namespace LearnHub.Media.Tools;

/// <summary>What every external tool LearnHub runs (ffmpeg, ffprobe, pdftoppm) gets once started.</summary>
internal static class ToolProcess
{
    /// <summary>Below normal priority (nice on Linux), so the tool does not starve the web requests beside it.</summary>
    public static void LowerPriority(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or PlatformNotSupportedException)
        {
            // The process may already have exited; priority is a courtesy.
        }
    }

    /// <summary>Kills the tool and what it started when the caller gives up.</summary>
    public static CancellationTokenRegistration KillOnCancel(Process process, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        return cancellationToken.Register(() =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        });
    }
}
