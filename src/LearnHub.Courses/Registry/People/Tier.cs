namespace LearnHub.Courses.Registry.People;

/// <summary>The audience a curriculum is built for (层级). A person may be in several.</summary>
[Flags]
public enum Tier
{
    None = 0,
    /// <summary>负责人 and 法定代表人.</summary>
    Leaders = 1,
    /// <summary>党组织书记 and 班子成员.</summary>
    Secretaries = 2,
    /// <summary>党员.</summary>
    Members = 4,
    /// <summary>Everybody else: staff, volunteers, activists.</summary>
    Staff = 8,
}

/// <summary>Derives tiers from positions.</summary>
public static class TierRules
{
    public static readonly Tier[] All = [Tier.Leaders, Tier.Secretaries, Tier.Members, Tier.Staff];

    public static Tier Derive(IEnumerable<PositionKind> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var tiers = Tier.None;
        foreach (var position in positions)
        {
            tiers |= position switch
            {
                PositionKind.Leader or PositionKind.LegalRepresentative => Tier.Leaders,
                // Holding a Party office requires Party membership, so secretaries and
                // committee members are in the members tier as well.
                PositionKind.Secretary or PositionKind.DeputySecretary or PositionKind.CommitteeMember
                    => Tier.Secretaries | Tier.Members,
                // Party-building instructors are Party members sent to guide the organization.
                PositionKind.PartyMember or PositionKind.Instructor => Tier.Members,
                _ => Tier.None,
            };
        }

        // "Staff" is the tier of everyone the other tiers do not cover.
        return tiers == Tier.None ? Tier.Staff : tiers;
    }

    /// <summary>Splits a flags value into its single tiers, in display order.</summary>
    public static IEnumerable<Tier> Split(Tier tiers) => All.Where(t => tiers.HasFlag(t));
}
