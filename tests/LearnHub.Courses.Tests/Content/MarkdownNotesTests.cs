using LearnHub.Courses.Catalogue;

namespace LearnHub.Courses.Tests.Content;

public sealed class MarkdownNotesTests
{
    private static readonly string Nested = new string('>', 128) + " x";

    [Fact]
    public void A_note_nested_past_the_renderer_limit_renders_as_the_placeholder_instead_of_throwing()
    {
        Assert.Equal(131, System.Text.Encoding.UTF8.GetByteCount(Nested + "\n"));
        Assert.False(MarkdownNotes.IsRenderable(Nested));
        var html = MarkdownNotes.ToHtml(Nested, "无法显示 <b>");

        Assert.Contains("note-unreadable", html, StringComparison.Ordinal);
        Assert.Contains("无法显示 &lt;b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_nesting_still_renders()
    {
        var note = new string('>', 5) + " 引用";

        Assert.True(MarkdownNotes.IsRenderable(note));
        Assert.Contains("<blockquote>", MarkdownNotes.ToHtml(note, "x"), StringComparison.Ordinal);
    }
}
