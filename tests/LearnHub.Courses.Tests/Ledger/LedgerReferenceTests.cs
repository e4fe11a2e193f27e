using LearnHub.Courses.Compliance.Ledger;

namespace LearnHub.Courses.Tests.Ledger;

public sealed class LedgerReferenceTests
{
    [Fact]
    public void References_are_stored_in_the_shape_existing_ledgers_hold()
    {
        Assert.Equal("course:12", LedgerReference.ForCourse(12).Value);
        Assert.Equal("session:5", LedgerReference.ForSession(5).Value);
        Assert.Equal("session:5#31", LedgerReference.ForSession(5).Again(31).Value);
        Assert.Equal("live:5", LedgerReference.ForLive(5).Value);
        Assert.Equal("class:3#2", LedgerReference.ForClass(3).Again(2).Value);
        Assert.Equal("external:20260105:ab12", LedgerReference.ForExternal("20260105:ab12").Value);
        Assert.Equal("course:", LedgerReference.CoursePrefix);
    }

    [Theory]
    [InlineData("course:12")]
    [InlineData("session:5")]
    [InlineData("session:5#31")]
    [InlineData("live:7")]
    [InlineData("class:3#2")]
    [InlineData("external:ZS-2026-001")]
    [InlineData("external:20260105:0123456789abcdef")]
    public void A_stored_reference_reads_back_to_the_same_text(string text)
    {
        Assert.True(LedgerReference.TryParse(text, out var reference));
        Assert.Equal(text, reference.ToString());
    }

    [Fact]
    public void Parsing_tells_what_the_reference_points_at()
    {
        Assert.True(LedgerReference.TryParse("session:5#31", out var correction));
        Assert.Equal(LedgerReferenceKind.Session, correction.Kind);
        Assert.Equal(5, correction.Id);
        Assert.Equal(31, correction.Repeat);
        Assert.Equal(LedgerReference.ForSession(5), correction.First);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ZS-2026-001")]
    [InlineData("course:")]
    [InlineData("course:abc")]
    [InlineData("course:-1")]
    [InlineData("session:5#")]
    [InlineData("lifecycle:4")]
    public void Text_that_is_no_reference_is_not_read_as_one(string? text) =>
        Assert.False(LedgerReference.TryParse(text, out _));

    [Fact]
    public void Only_a_plain_course_reference_names_a_course()
    {
        Assert.Equal(12, LedgerReference.CourseOf("course:12"));
        Assert.Null(LedgerReference.CourseOf("session:12"));
        Assert.Null(LedgerReference.CourseOf("course:12#2"));
        Assert.Null(LedgerReference.CourseOf("a certificate number"));
    }
}
