namespace LearnHub.Courses.Registry.Lecturers;

/// <summary>A member of the lecturer pool (师资库).</summary>
public sealed class Lecturer
{
    public int Id { get; set; }

    /// <summary>Short ASCII key used by content files.</summary>
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Professional title or post (职称/职务).</summary>
    public string Title { get; set; } = "";

    public string Affiliation { get; set; } = "";

    /// <summary>Mainland mobile number, normalised; with it the lecturer gets an account to sign in with. Empty: none known.</summary>
    public string Mobile { get; set; } = "";

    /// <summary>E-mail address, optional; a second way to sign in and to receive mail.</summary>
    public string Email { get; set; } = "";

    public ExpertiseArea Expertise { get; set; }

    public string Bio { get; set; } = "";

    /// <summary>When the lecturer can teach, in their own words (e.g. "weekday afternoons; not in July").</summary>
    public string Availability { get; set; } = "";

    /// <summary>Media type of the profile photo kept in the data folder; null: no photo.</summary>
    public string? PhotoContentType { get; set; }

    /// <summary>Bumped by every new photo, so its URL changes and browsers never show a stale one.</summary>
    public int PhotoVersion { get; set; }

    /// <summary>Start of the appointment term (聘期); null: no limit.</summary>
    public DateOnly? AppointedFrom { get; set; }

    /// <summary>End of the appointment term (聘期), inclusive; null: no limit.</summary>
    public DateOnly? AppointedUntil { get; set; }

    public bool IsAppointedOn(DateOnly date) =>
        (AppointedFrom is null || date >= AppointedFrom) && (AppointedUntil is null || date <= AppointedUntil);
}

/// <summary>What a lecturer can teach.</summary>
[Flags]
public enum ExpertiseArea
{
    None = 0,
    /// <summary>党建</summary>
    PartyBuilding = 1,
    /// <summary>党的理论</summary>
    PartyTheory = 2,
    /// <summary>法律法规</summary>
    Law = 4,
    /// <summary>社会组织治理</summary>
    Governance = 8,
    /// <summary>财务与资产</summary>
    Finance = 16,
    /// <summary>行业领域实务</summary>
    Fields = 32,
}
