using System.Diagnostics;
using System.Text;

namespace LearnHub.Web.Tests.Support;

/// <summary>What an operator's command printed and returned.</summary>
public sealed record HostCommandResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Errors}";
}

/// <summary>
/// Runs the built LearnHub.Web.dll with a command verb (<c>backup</c>, <c>restore</c>), as an operator does: its own
/// process, configured through the environment only, the same settings the service would be given.
/// </summary>
public static class HostCommandRunner
{
    /// <summary>Settings the test process may carry and the command must not inherit unless the test gives them.</summary>
    private static readonly string[] Inherited = ["LEARNHUB_DATA", "LearnHub__DataPath", "Database__Provider", "ConnectionStrings__LearnHub", "Media__Storage"];

    public static async Task<HostCommandResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var webProject = LearnHubFactory.RepositoryPath(Path.Combine("src", "LearnHub.Web"));
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(webProject, "bin", configuration, "net10.0", "LearnHub.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = webProject };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Inherited)
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"LearnHub.Web.dll {string.Join(' ', arguments)} ran for 3 minutes:\n{output}\n{errors}");
        }

        // The asynchronous readers finish with the process's streams.
        process.WaitForExit();
        lock (output)
        {
            lock (errors)
            {
                return new HostCommandResult(process.ExitCode, output.ToString(), errors.ToString());
            }
        }
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
