using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Tests.Registry;

public sealed class MobileNumberTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("138 0013 8000")]
    [InlineData("138-0013-8000")]
    [InlineData(" 138－0013－8000 ")]
    [InlineData("+86 138 0013 8000")]
    [InlineData("+86-13800138000")]
    [InlineData("008613800138000")]
    [InlineData("０086 １３８００１３８０００")]
    [InlineData("＋８６１３８００１３８０００")]
    [InlineData("138\u00a00013\u30008000")]
    public void Numbers_written_any_usual_way_become_the_same_eleven_digits(string typed)
    {
        Assert.True(MobileNumber.TryNormalize(typed, out var mobile));
        Assert.Equal("13800138000", mobile);
    }

    [Theory]
    [InlineData("1380013800")]
    [InlineData("138001380001")]
    [InlineData("12800138000")]
    [InlineData("23800138000")]
    [InlineData("86 13800138000")]
    [InlineData("+1 13800138000")]
    [InlineData("138OO138000")]
    [InlineData("１３８００１３８００")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Anything_else_is_not_a_mobile_number(string? typed) => Assert.False(MobileNumber.TryNormalize(typed, out _));

    [Fact]
    public void Arabic_indic_digits_are_not_taken_for_a_number() =>
        Assert.False(MobileNumber.IsValid("\u0661\u0663\u0668\u0660\u0660\u0661\u0663\u0668\u0660\u0660\u0660"));

    [Fact]
    public void Nothing_typed_normalises_to_empty() => Assert.Equal("", MobileNumber.Normalize(null));

    [Theory]
    [InlineData("13800138001", "138****8001")]
    [InlineData("+86 138-0013-8001", "138****8001")]
    [InlineData("12345678", "12****78")]
    [InlineData("123", "***")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_masked_number_keeps_the_prefix_and_the_last_four(string? mobile, string masked) =>
        Assert.Equal(masked, MobileNumber.Mask(mobile));
}
