using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.LectureHall.Admin;

/// <summary>The session form's fields and the planner's findings in the reader's language, for every page that plans sessions.</summary>
public static class SessionMessages
{
    public static string FieldName(SessionField field) => field switch
    {
        SessionField.Number => nameof(SessionForm.Number),
        SessionField.Date => nameof(SessionForm.Date),
        SessionField.StartTime => nameof(SessionForm.StartTime),
        SessionField.EndTime => nameof(SessionForm.EndTime),
        SessionField.Topic => nameof(SessionForm.Topic),
        SessionField.LecturerId => nameof(SessionForm.LecturerId),
        _ => nameof(SessionForm.Organizations),
    };

    public static string Message(IStringLocalizer t, SessionError error)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(error);
        return error.Problem switch
        {
            SessionProblem.UnknownOrganization => t["Admin.Hall.UnknownOrganization", error.Value ?? ""],
            SessionProblem.DuplicateNumber => t["Admin.Hall.DuplicateNumber"],
            SessionProblem.EndBeforeStart => t["Admin.Hall.EndBeforeStart"],
            SessionProblem.OutsideTerm => t["Admin.Hall.OutsideTerm"],
            SessionProblem.OutsideClass => t["Class.Problem.OutsideClass"],
            SessionProblem.Overlaps => t["Admin.Hall.Overlaps", error.Clash!.Series?.Title ?? "", error.Clash.Number, error.Clash.Topic,
                error.Clash.StartTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), error.Clash.EndTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)],
            _ => t["Validation.Required"],
        };
    }
}
