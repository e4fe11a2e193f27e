using LearnHub.Courses.Registry.Organizations;

namespace LearnHub.Courses.Registry.People;

/// <summary>A person (人员) who belongs to one organization and holds one or more positions.</summary>
public sealed class Person
{
    private readonly List<PersonPosition> _positions = [];

    public int Id { get; set; }

    public string Name { get; set; } = "";

    public Gender Gender { get; set; }

    /// <summary>Mainland mobile number; identifies a person across rosters.</summary>
    public string Mobile { get; set; } = "";

    public int OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public IReadOnlyList<PersonPosition> Positions => _positions;

    /// <summary>Tiers derived from the current positions; kept on the row so catalogue and reports can filter by it.</summary>
    public Tier Tiers { get; private set; }

    /// <summary>
    /// The mobile an erased person's row holds instead of theirs: the column is unique and required, and a number with
    /// letters can never be typed, imported or matched to an account, so the row stays out of every roster sync.
    /// </summary>
    public const string ErasedMobilePrefix = "erased-";

    /// <summary>Whether the person's personal data was erased on request (个人信息保护法 第四十七条).</summary>
    public bool IsErased => Mobile.StartsWith(ErasedMobilePrefix, StringComparison.Ordinal);

    /// <summary>
    /// Leaves a row that identifies nobody: the name becomes <paramref name="placeholder"/> and the mobile a marker.
    /// Organization, positions and tiers stay, because the statistics count people by them.
    /// </summary>
    public void Erase(string placeholder)
    {
        Name = placeholder;
        Mobile = ErasedMobilePrefix + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Gender = Gender.Unknown;
    }

    /// <summary>Adds a position unless the person already holds it; returns false for a duplicate.</summary>
    public bool AddPosition(PositionKind kind, DateOnly appointedOn)
    {
        if (_positions.Any(p => p.Kind == kind && p.EndedOn is null))
        {
            return false;
        }

        _positions.Add(new PersonPosition { Kind = kind, AppointedOn = appointedOn });
        Tiers = TierRules.Derive(_positions.Where(p => p.EndedOn is null).Select(p => p.Kind));
        return true;
    }

    /// <summary>Ends a position on a date (a secretary stepping down); the history is kept.</summary>
    public void EndPosition(PositionKind kind, DateOnly endedOn)
    {
        foreach (var position in _positions.Where(p => p.Kind == kind && p.EndedOn is null))
        {
            position.EndedOn = endedOn;
        }

        Tiers = TierRules.Derive(_positions.Where(p => p.EndedOn is null).Select(p => p.Kind));
    }

    /// <summary>Replaces the current positions with the given set, keeping appointment dates of positions still held.</summary>
    public void SetPositions(IEnumerable<(PositionKind Kind, DateOnly AppointedOn)> positions, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var wanted = positions.GroupBy(p => p.Kind).ToDictionary(g => g.Key, g => g.First().AppointedOn);
        foreach (var held in _positions.Where(p => p.EndedOn is null).ToList())
        {
            if (!wanted.TryGetValue(held.Kind, out var date))
            {
                held.EndedOn = today;
            }
            else
            {
                held.AppointedOn = date;
                wanted.Remove(held.Kind);
            }
        }

        foreach (var (kind, date) in wanted)
        {
            _positions.Add(new PersonPosition { Kind = kind, AppointedOn = date });
        }

        Tiers = TierRules.Derive(_positions.Where(p => p.EndedOn is null).Select(p => p.Kind));
    }
}

/// <summary>A position held by a person, with the appointment date the six-month rule needs.</summary>
public sealed class PersonPosition
{
    public int Id { get; set; }

    public int PersonId { get; set; }

    public PositionKind Kind { get; set; }

    public DateOnly AppointedOn { get; set; }

    public DateOnly? EndedOn { get; set; }
}

public enum Gender
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}

/// <summary>The positions a person can hold in a social organization.</summary>
public enum PositionKind
{
    /// <summary>负责人</summary>
    Leader = 1,
    /// <summary>法定代表人</summary>
    LegalRepresentative = 2,
    /// <summary>党组织书记</summary>
    Secretary = 3,
    /// <summary>党组织副书记</summary>
    DeputySecretary = 4,
    /// <summary>党组织班子成员</summary>
    CommitteeMember = 5,
    /// <summary>党员</summary>
    PartyMember = 6,
    /// <summary>入党积极分子</summary>
    Activist = 7,
    /// <summary>从业人员</summary>
    Staff = 8,
    /// <summary>志愿者</summary>
    Volunteer = 9,
    /// <summary>党建指导员</summary>
    Instructor = 10,
}
