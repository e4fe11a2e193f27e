using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Registry.Import;

/// <summary>
/// The words a roster uses in its cells. Rosters circulate in Chinese, so these are the format's
/// vocabulary (like a file format's keywords), not UI text.
/// </summary>
public static class RosterVocabulary
{
    public static readonly IReadOnlyDictionary<string, OrganizationKind> Kinds = new Dictionary<string, OrganizationKind>
    {
        ["社会团体"] = OrganizationKind.SocialGroup,
        ["社会服务机构"] = OrganizationKind.SocialServiceInstitution,
        ["民办非企业单位"] = OrganizationKind.SocialServiceInstitution,
        ["基金会"] = OrganizationKind.Foundation,
        ["社会中介组织"] = OrganizationKind.Intermediary,
        ["城乡社区社会组织"] = OrganizationKind.CommunityOrganization,
    };

    public static readonly IReadOnlyDictionary<string, OrganizationField> Fields = new Dictionary<string, OrganizationField>
    {
        ["经济"] = OrganizationField.Economy,
        ["科技"] = OrganizationField.ScienceTechnology,
        ["民生"] = OrganizationField.Livelihood,
        ["文化艺术"] = OrganizationField.CultureArts,
        ["其他"] = OrganizationField.Other,
    };

    public static readonly IReadOnlyDictionary<string, EvaluationGrade> Grades = new Dictionary<string, EvaluationGrade>(StringComparer.OrdinalIgnoreCase)
    {
        ["无"] = EvaluationGrade.None,
        [""] = EvaluationGrade.None,
        ["1A"] = EvaluationGrade.A1,
        ["2A"] = EvaluationGrade.A2,
        ["3A"] = EvaluationGrade.A3,
        ["4A"] = EvaluationGrade.A4,
        ["5A"] = EvaluationGrade.A5,
    };

    public static readonly IReadOnlyDictionary<string, PartyOrganizationForm> PartyForms = new Dictionary<string, PartyOrganizationForm>
    {
        ["独立党组织"] = PartyOrganizationForm.Own,
        ["联合党组织"] = PartyOrganizationForm.Joint,
        ["党建指导员"] = PartyOrganizationForm.InstructorOnly,
    };

    public static readonly IReadOnlyDictionary<string, Gender> Genders = new Dictionary<string, Gender>
    {
        ["男"] = Gender.Male,
        ["女"] = Gender.Female,
    };

    public static readonly IReadOnlyDictionary<string, PositionKind> Positions = new Dictionary<string, PositionKind>
    {
        ["负责人"] = PositionKind.Leader,
        ["法定代表人"] = PositionKind.LegalRepresentative,
        ["党组织书记"] = PositionKind.Secretary,
        ["书记"] = PositionKind.Secretary,
        ["党组织副书记"] = PositionKind.DeputySecretary,
        ["副书记"] = PositionKind.DeputySecretary,
        ["党组织班子成员"] = PositionKind.CommitteeMember,
        ["支委委员"] = PositionKind.CommitteeMember,
        ["党员"] = PositionKind.PartyMember,
        ["入党积极分子"] = PositionKind.Activist,
        ["从业人员"] = PositionKind.Staff,
        ["志愿者"] = PositionKind.Volunteer,
        ["党建指导员"] = PositionKind.Instructor,
    };

    /// <summary>The first label of each value, as written in templates and exports.</summary>
    public static string LabelOf<T>(IReadOnlyDictionary<string, T> vocabulary, T value)
        where T : struct, Enum =>
        vocabulary.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value) && pair.Key.Length > 0).Key;
}
