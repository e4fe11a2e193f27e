using System.Globalization;
using System.Text;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>How long a reflection is, as a reader counts 字数.</summary>
public static class ReflectionText
{
    /// <summary>
    /// Characters, not bytes or UTF-16 units: each user-perceived character (a Chinese character, a letter, a punctuation
    /// mark, an emoji with its modifiers) counts once; whitespace (the full-width space too) and invisible format
    /// characters do not, so padding a text with spaces or line breaks does not lengthen it.
    /// </summary>
    public static int Count(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            if (!IsBlank(elements.GetTextElement()))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsBlank(string element)
    {
        foreach (var rune in element.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }
}
