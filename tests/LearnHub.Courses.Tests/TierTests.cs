using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Tests;

public sealed class TierTests
{
    [Theory]
    [InlineData(new[] { PositionKind.Leader }, Tier.Leaders)]
    [InlineData(new[] { PositionKind.LegalRepresentative }, Tier.Leaders)]
    [InlineData(new[] { PositionKind.Secretary }, Tier.Secretaries | Tier.Members)]
    [InlineData(new[] { PositionKind.CommitteeMember }, Tier.Secretaries | Tier.Members)]
    [InlineData(new[] { PositionKind.PartyMember }, Tier.Members)]
    [InlineData(new[] { PositionKind.Staff }, Tier.Staff)]
    [InlineData(new[] { PositionKind.Volunteer, PositionKind.Activist }, Tier.Staff)]
    [InlineData(new[] { PositionKind.Leader, PositionKind.Secretary }, Tier.Leaders | Tier.Secretaries | Tier.Members)]
    [InlineData(new[] { PositionKind.Leader, PositionKind.Staff }, Tier.Leaders)]
    [InlineData(new PositionKind[0], Tier.Staff)]
    public void Tiers_follow_from_positions(PositionKind[] positions, Tier expected) =>
        Assert.Equal(expected, TierRules.Derive(positions));

    [Fact]
    public void A_secretary_who_steps_down_leaves_the_secretaries_tier_but_keeps_the_history()
    {
        var person = new Person { Name = "测试", Mobile = "13900000000" };
        person.AddPosition(PositionKind.Secretary, new DateOnly(2024, 3, 1));
        person.AddPosition(PositionKind.Staff, new DateOnly(2020, 1, 1));
        Assert.Equal(Tier.Secretaries | Tier.Members, person.Tiers);

        person.EndPosition(PositionKind.Secretary, new DateOnly(2026, 6, 30));

        Assert.Equal(Tier.Staff, person.Tiers);
        Assert.Equal(new DateOnly(2026, 6, 30), person.Positions.Single(p => p.Kind == PositionKind.Secretary).EndedOn);
    }

    [Fact]
    public void Holding_the_same_position_twice_is_refused()
    {
        var person = new Person();
        Assert.True(person.AddPosition(PositionKind.Leader, new DateOnly(2022, 1, 1)));
        Assert.False(person.AddPosition(PositionKind.Leader, new DateOnly(2023, 1, 1)));
        Assert.Single(person.Positions);
    }
}
