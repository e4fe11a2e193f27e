using LearnHub.Courses.LectureHall.Sessions;

namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>
/// What a class's timetable adds up to. Sessions (in person or live) are centralized training (集中培训): their
/// hours make the class's centralized hours and, over the hours a training day counts for, its days; the required
/// online courses add hours but no days, as online self-study is not centralized.
/// </summary>
public sealed record ClassTimetable(decimal SessionHours, decimal OnlineHours, int TrainingDates)
{
    public decimal Hours => SessionHours + OnlineHours;

    public decimal CentralizedHours => SessionHours;

    /// <summary>Centralized days: the same measure the rules engine applies to the ledger, so the two agree.</summary>
    public decimal Days(decimal hoursPerDay) => hoursPerDay <= 0 ? 0 : CentralizedHours / hoursPerDay;

    public static ClassTimetable Of(IEnumerable<LectureHallSession> sessions, IEnumerable<decimal> onlineCourseHours)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(onlineCourseHours);
        var list = sessions.ToList();
        return new(list.Sum(s => s.CreditHours), onlineCourseHours.Sum(), list.Where(s => s.CreditHours > 0).Select(s => s.Date).Distinct().Count());
    }
}
