using System.Text;
using LearnHub.Courses.LectureHall.Classes;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>A reflection's length is counted in characters as a reader counts them, not in bytes or UTF-16 units.</summary>
public sealed class ReflectionTextTests
{
    [Fact]
    public void Chinese_characters_count_one_each_whatever_their_bytes()
    {
        const string text = "社会组织党建工作心得";

        Assert.Equal(10, ReflectionText.Count(text));
        Assert.Equal(30, Encoding.UTF8.GetByteCount(text));
        // Chinese punctuation is written, so it counts; a character outside the BMP (two UTF-16 units) counts once.
        Assert.Equal(7, ReflectionText.Count("党建，𠀀心得。"));
        Assert.Equal(8, "党建，𠀀心得。".Length);
    }

    [Fact]
    public void Whitespace_of_every_kind_is_not_counted()
    {
        Assert.Equal(4, ReflectionText.Count("  学习\r\n\r\n\t心　得  "));
        Assert.Equal(0, ReflectionText.Count(" \u3000\n\t\u200b "));
        Assert.Equal(0, ReflectionText.Count(null));
    }

    [Fact]
    public void A_letter_with_its_accent_and_an_emoji_with_its_modifiers_count_once()
    {
        Assert.Equal(3, ReflectionText.Count("e\u0301a👍🏽"));
        Assert.Equal(1, ReflectionText.Count("👨‍👩‍👧"));
        Assert.Equal(5, ReflectionText.Count("Party"));
    }
}
