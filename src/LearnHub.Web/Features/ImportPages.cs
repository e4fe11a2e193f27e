using LearnHub.Courses.Import;
using Microsoft.AspNetCore.Mvc;

namespace LearnHub.Web.Features;

/// <summary>An upload to an import page, refused before it is read when it is missing or too large.</summary>
public sealed class ImportUpload(IFormFile? file, long maxBytes)
{
    public bool Missing => file is null || file.Length == 0;

    public bool TooLarge => !Missing && file!.Length > maxBytes;

    public string? FileName => Missing ? null : Path.GetFileName(file!.FileName);

    public long LimitMegabytes => maxBytes / (1024 * 1024);

    /// <summary>Runs the import on the uploaded file; null when the upload was refused.</summary>
    public async Task<TResult?> ImportAsync<TResult>(Func<Stream, string, Task<TResult>> import)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(import);
        if (Missing || TooLarge)
        {
            return null;
        }

        await using var stream = file!.OpenReadStream();
        return await import(stream, FileName!);
    }
}

/// <summary>
/// What the shared upload form (Shared/_ImportForm) shows: where it posts, its texts (resource keys),
/// the template links, and why the last upload was refused. A page shows its own success message.
/// </summary>
public sealed record ImportForm(string Action, string TestId, string Help)
{
    /// <summary>A heading inside the form, where the page has other things around it.</summary>
    public string? Title { get; init; }

    public string FileLabel { get; init; } = "Admin.Import.File";

    public string Button { get; init; } = "Admin.Import.Upload";

    /// <summary>The template's address without the extension; it is offered as .xlsx and .csv.</summary>
    public string? Template { get; init; }

    public string? TemplateHelp { get; init; }

    /// <summary>The message above the problems; it may use the number of problems as {0}.</summary>
    public string Refused { get; init; } = "Admin.Import.Failed";

    public ImportUpload? Upload { get; init; }

    public ImportResult? Result { get; init; }
}

internal static class ImportTemplates
{
    /// <summary>The template as the format its address asks for (template.xlsx, template.csv).</summary>
    public static IActionResult TemplateFile(this ControllerBase controller, ImportTemplate template, string format, string name) =>
        template.Write(format) is { } bytes
            ? controller.File(bytes, ImportTemplate.ContentType(format), $"{name}.{format}")
            : controller.NotFound();
}
