using System.Net;
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

    /// <summary>
    /// The note as HTML; a note the renderer refuses (Markdig stops at 128 levels of nesting, which 131
    /// bytes of <c>&gt;</c> reach) becomes the <paramref name="unreadable"/> sentence, so stored content
    /// never fails the page that shows it.
    /// </summary>
    public static string ToHtml(string? markdown, string unreadable) =>
        TryRender(markdown) ?? $"<p class=\"text-muted\" data-testid=\"note-unreadable\">{WebUtility.HtmlEncode(unreadable)}</p>";

    /// <summary>Whether a note can be shown: checked when it is saved, so no new note needs the placeholder.</summary>
    public static bool IsRenderable(string? markdown) => TryRender(markdown) is not null;

    private static string? TryRender(string? markdown)
    {
        string html;
        try
        {
            html = Markdown.ToHtml(markdown ?? "", Pipeline);
        }
        catch (ArgumentException)
        {
            // Markdig's depth limit ("too deeply nested") and any other input it will not parse.
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        // DisableHtml escapes tags, but a link such as [x](javascript:...) is still a link: neutralise it.
        return html.Replace("href=\"javascript:", "href=\"#blocked:", StringComparison.OrdinalIgnoreCase)
            .Replace("href=\"vbscript:", "href=\"#blocked:", StringComparison.OrdinalIgnoreCase)
            .Replace("href=\"data:", "href=\"#blocked:", StringComparison.OrdinalIgnoreCase)
            .Replace("src=\"javascript:", "src=\"#blocked:", StringComparison.OrdinalIgnoreCase);
    }
}
