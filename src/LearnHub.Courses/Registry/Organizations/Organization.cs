namespace LearnHub.Courses.Registry.Organizations;

/// <summary>A social organization (社会组织) whose people LearnHub trains.</summary>
public sealed class Organization
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Unified social credit code (统一社会信用代码), always stored upper-case.</summary>
    public string CreditCode { get; set; } = "";

    public OrganizationKind Kind { get; set; }

    public OrganizationField Field { get; set; }

    public EvaluationGrade Grade { get; set; }

    public PartyOrganizationForm PartyForm { get; set; }

    public int SupervisingUnitId { get; set; }

    public SupervisingUnit? SupervisingUnit { get; set; }
}

/// <summary>The legal kind of a social organization.</summary>
public enum OrganizationKind
{
    /// <summary>社会团体</summary>
    SocialGroup = 1,
    /// <summary>社会服务机构 (formerly 民办非企业单位)</summary>
    SocialServiceInstitution = 2,
    /// <summary>基金会</summary>
    Foundation = 3,
    /// <summary>社会中介组织</summary>
    Intermediary = 4,
    /// <summary>城乡社区社会组织</summary>
    CommunityOrganization = 5,
}

/// <summary>The field an organization works in; also used to tag courses.</summary>
[Flags]
public enum OrganizationField
{
    None = 0,
    /// <summary>经济</summary>
    Economy = 1,
    /// <summary>科技</summary>
    ScienceTechnology = 2,
    /// <summary>民生</summary>
    Livelihood = 4,
    /// <summary>文化艺术</summary>
    CultureArts = 8,
    /// <summary>其他</summary>
    Other = 16,
}

/// <summary>Evaluation grade (评估等级) 1A–5A, or none.</summary>
public enum EvaluationGrade
{
    None = 0,
    A1 = 1,
    A2 = 2,
    A3 = 3,
    A4 = 4,
    A5 = 5,
}

/// <summary>How Party work is organised in the organization.</summary>
public enum PartyOrganizationForm
{
    /// <summary>Its own Party organization (独立党组织).</summary>
    Own = 1,
    /// <summary>A joint Party organization shared by at most five organizations (联合党组织).</summary>
    Joint = 2,
    /// <summary>Only a Party-building instructor (党建指导员).</summary>
    InstructorOnly = 3,
}
