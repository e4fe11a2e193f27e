using Markdig;

namespace LearnHub.Courses.Catalogue;

/// <summary>
/// Renders lecturers' Markdown notes. Raw HTML is not passed through (it is shown as text), so a
/// note cannot inject script; links keep only safe schemes through Markdig's own URL handling.
/// </summary>
public static class MarkdownNotes
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .Build();

    public static string ToHtml(string? markdown)
    {
        var html = Markdown.ToHtml(markdown ?? "", Pipeline);
        // DisableHtml escapes tags, but a link such as [x](javascript:...) is still a link: neutralise it.
        return html.Replace("href=\"javascript:", "href=\"#blocked:", StringComparison.OrdinalIgnoreCase)
            .Replace("href=\"vbscript:", "href=\"#blocked:", StringComparison.OrdinalIgnoreCase)
            .Replace("href=\"data:", "href=\"#blocked:", StringComparison.OrdinalIgnoreCase)
            .Replace("src=\"javascript:", "src=\"#blocked:", StringComparison.OrdinalIgnoreCase);
    }
}
