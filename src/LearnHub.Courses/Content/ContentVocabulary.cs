using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Content;

/// <summary>The ASCII codes content files use for the domain's enumerations.</summary>
public static class ContentVocabulary
{
    public static Tier Tier(string code) => code switch
    {
        "leaders" => Registry.People.Tier.Leaders,
        "secretaries" => Registry.People.Tier.Secretaries,
        "members" => Registry.People.Tier.Members,
        "staff" => Registry.People.Tier.Staff,
        _ => throw new InvalidDataException($"Unknown tier '{code}'."),
    };

    public static LifecycleStage Stage(string code) => code switch
    {
        "establishment" => LifecycleStage.Establishment,
        "change" => LifecycleStage.Change,
        "transition" => LifecycleStage.Transition,
        "inspection" => LifecycleStage.Inspection,
        "rectification" => LifecycleStage.Rectification,
        _ => throw new InvalidDataException($"Unknown lifecycle stage '{code}'."),
    };

    public static CourseTopic Topic(string code) => code switch
    {
        "party-theory" => CourseTopic.PartyTheory,
        "party-building" => CourseTopic.PartyBuilding,
        "law" => CourseTopic.Law,
        "governance" => CourseTopic.Governance,
        "finance" => CourseTopic.Finance,
        "field-practice" => CourseTopic.FieldPractice,
        _ => throw new InvalidDataException($"Unknown topic '{code}'."),
    };

    public static CourseFormat Format(string code) => code switch
    {
        "training-class" => CourseFormat.TrainingClass,
        "reading-class" => CourseFormat.ReadingClass,
        "seminar" => CourseFormat.Seminar,
        "online" => CourseFormat.Online,
        "micro-lesson" => CourseFormat.MicroLesson,
        "case-teaching" => CourseFormat.CaseTeaching,
        "on-site" => CourseFormat.OnSite,
        "live" => CourseFormat.Live,
        _ => throw new InvalidDataException($"Unknown format '{code}'."),
    };

    public static OrganizationField Field(string code) => code switch
    {
        "economy" => OrganizationField.Economy,
        "science-technology" => OrganizationField.ScienceTechnology,
        "livelihood" => OrganizationField.Livelihood,
        "culture-arts" => OrganizationField.CultureArts,
        "other" => OrganizationField.Other,
        _ => throw new InvalidDataException($"Unknown field '{code}'."),
    };

    public static ExpertiseArea Expertise(string code) => code switch
    {
        "party-building" => ExpertiseArea.PartyBuilding,
        "party-theory" => ExpertiseArea.PartyTheory,
        "law" => ExpertiseArea.Law,
        "governance" => ExpertiseArea.Governance,
        "finance" => ExpertiseArea.Finance,
        "fields" => ExpertiseArea.Fields,
        _ => throw new InvalidDataException($"Unknown expertise '{code}'."),
    };
}
