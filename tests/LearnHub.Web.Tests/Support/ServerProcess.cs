using System.Diagnostics;

namespace LearnHub.Web.Tests.Support;

/// <summary>A server the tests run as a real process (redis-server, nginx, s3rver, a built LearnHub node), its output handed line by line to the test's log.</summary>
internal static class ServerProcess
{
    /// <param name="workingDirectory">A LearnHub node's project folder (it runs in Production there); null for other servers.</param>
    /// <param name="realClock">
    /// Under test.sh's faketime run, libfaketime aborts redis-server at start (recursive clock_gettime); servers that keep
    /// no dates LearnHub reads, only relative expiries and timeouts, run on the real clock.
    /// </param>
    public static Process Start(string file, string[] arguments, string? workingDirectory, bool realClock, Action<string> output)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (realClock)
        {
            start.Environment.Remove("LD_PRELOAD");
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is not installed (./test.sh installs Debian's redis-server and nginx, and node).", e);
        }

        process.OutputDataReceived += (_, e) => output(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
