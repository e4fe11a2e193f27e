using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using LearnHub.Media.Tools;

namespace LearnHub.Media.Decks;

/// <summary>
/// Debian's poppler-utils: pdfinfo counts a PDF's pages (and refuses what is not one), pdftoppm
/// renders the pages. Run directly, one process per deck, below normal priority like ffmpeg.
/// </summary>
internal sealed class Poppler(IConfiguration configuration)
{
    public const string InstallHint = "pdfinfo and pdftoppm were not found: install Debian's poppler-utils package (apt-get install poppler-utils) or set Media:PopplerFolder.";

    /// <summary>A tool in Media:PopplerFolder when set, else found on the PATH.</summary>
    private string Tool(string name) => configuration["Media:PopplerFolder"] is { Length: > 0 } folder ? Path.Combine(folder, name) : name;

    /// <summary>The page count, or null when poppler cannot read the file as a PDF.</summary>
    public async Task<int?> CountPagesAsync(string pdf, CancellationToken cancellationToken)
    {
        var (exit, output, _) = await RunAsync(Tool("pdfinfo"), [pdf], null, cancellationToken);
        if (exit != 0)
        {
            return null;
        }

        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("Pages:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(6).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pages))
            {
                return pages;
            }
        }

        return null;
    }

    /// <summary>
    /// Renders every page to a JPEG whose longer side is <paramref name="size"/> pixels, named p-1.jpg …
    /// (zero-padded to the page count's width); reports each page done. Returns null on success, else poppler's last line.
    /// </summary>
    public async Task<string?> RenderAsync(string pdf, string folder, int size, Func<int, Task> progress, CancellationToken cancellationToken)
    {
        // -progress writes "page total file" to standard error as each page is written; other lines there are errors.
        var (exit, _, errors) = await RunAsync(Tool("pdftoppm"),
            ["-jpeg", "-jpegopt", "quality=85", "-scale-to", size.ToString(CultureInfo.InvariantCulture), "-progress", pdf, Path.Combine(folder, "p")],
            async line =>
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var page))
                {
                    await progress(page);
                    return true;
                }

                return false;
            },
            cancellationToken);
        return exit == 0 ? null : errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"pdftoppm exited with code {exit}.";
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(string tool, IEnumerable<string> arguments,
        Func<string, Task<bool>>? onErrorLine, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException(InstallHint);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(InstallHint, e);
        }

        using (process)
        {
            ToolProcess.LowerPriority(process);

            using var kill = ToolProcess.KillOnCancel(process, cancellationToken);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = new System.Text.StringBuilder();
            try
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    if (onErrorLine is null || !await onErrorLine(line))
                    {
                        errors.AppendLine(line);
                    }
                }
            }
            catch
            {
                // The progress report failed (the deck was removed): the render is of no use any more.
                process.Kill(entireProcessTree: true);
                throw;
            }

            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return (process.ExitCode, await output, errors.ToString());
        }
    }
}
