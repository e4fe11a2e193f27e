using System.Text.RegularExpressions;
using LearnHub.Courses.Catalogue;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>A session's slides: Markdown pages separated by a line of three dashes.</summary>
public static partial class LiveSlides
{
    public static IReadOnlyList<string> Split(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return [];
        }

        return Separator().Split(markdown.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .ToList();
    }

    /// <summary>Each slide as safe HTML through the same Markdown pipeline as course notes; a slide it refuses shows <paramref name="unreadable"/>.</summary>
    public static IReadOnlyList<string> ToHtml(string? markdown, string unreadable) => Split(markdown).Select(s => MarkdownNotes.ToHtml(s, unreadable)).ToList();

    [GeneratedRegex(@"^---[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Separator();
}
