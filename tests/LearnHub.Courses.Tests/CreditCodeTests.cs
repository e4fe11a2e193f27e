using LearnHub.Courses.Registry.Organizations;

namespace LearnHub.Courses.Tests;

public sealed class CreditCodeTests
{
    [Theory]
    // Published codes of real registered entities (enterprises and social organizations).
    [InlineData("91110108551385082Q")]
    [InlineData("91330100799655058B")]
    [InlineData("91440300708461136T")]
    // Lower case and full-width characters, as typed into a form, are folded before the check.
    [InlineData("91330100799655058b")]
    [InlineData(" 91330100799655058B ")]
    public void Valid_codes_pass(string code) => Assert.Null(CreditCode.Validate(code));

    [Theory]
    [InlineData("91330100799655058C", CreditCodeError.CheckCharacterMismatch)]
    [InlineData("91330100799655085B", CreditCodeError.CheckCharacterMismatch)]
    [InlineData("9133010079965505", CreditCodeError.WrongLength)]
    [InlineData("91330100799655058BX", CreditCodeError.WrongLength)]
    [InlineData("91330100799655O58B", CreditCodeError.InvalidCharacter)]
    [InlineData("91A30100799655058B", CreditCodeError.InvalidDivision)]
    [InlineData("", CreditCodeError.Missing)]
    [InlineData(null, CreditCodeError.Missing)]
    public void Invalid_codes_fail_with_their_reason(string? code, CreditCodeError expected) =>
        Assert.Equal(expected, CreditCode.Validate(code));

    [Fact]
    public void Full_width_input_is_folded_to_ascii() =>
        Assert.Equal("91330100799655058B", CreditCode.Normalize("９１３３０１００７９９６５５０５８Ｂ"));

    [Fact]
    public void Every_demo_organization_has_a_valid_code()
    {
        var roster = File.ReadAllLines(Path.Combine(RepositoryRoot(), "content", "roster.csv")).Skip(1);
        foreach (var line in roster)
        {
            Assert.Null(CreditCode.Validate(line.Split(',')[1]));
        }
    }

    [Fact]
    public void Check_character_matches_the_published_one() =>
        Assert.Equal('B', CreditCode.CheckCharacter("91330100799655058"));

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LearnHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("LearnHub.sln not found");
    }
}
