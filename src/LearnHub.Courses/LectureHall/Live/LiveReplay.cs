using System.Globalization;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>
/// A held session's replay (回放): an online course of one lesson whose video is the lecture's recording,
/// so watching it later credits as online learning through the ordinary watching path.
/// </summary>
public static class LiveReplay
{
    public static string CourseSlug(int sessionId) => string.Create(CultureInfo.InvariantCulture, $"live-replay-{sessionId}");

    /// <summary>
    /// The replay course of a saved session (its <see cref="LectureHallSession.Series"/> loaded for the summary):
    /// unpublished until the session's staff have watched it and publish it, its one lesson as long as the
    /// session was planned until the recording says how long it really is (<see cref="LiveReplays.RecordedAsync"/>).
    /// </summary>
    public static Course NewCourse(LectureHallSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var minutes = (int)(session.EndTime - session.StartTime).TotalMinutes;
        var course = new Course
        {
            Slug = CourseSlug(session.Id),
            Title = session.Topic,
            Summary = session.Series?.Title ?? "",
            NotesMarkdown = session.Description,
            Topic = CourseTopic.PartyTheory,
            Fields = session.Fields,
            Tiers = session.Tiers,
            Format = CourseFormat.Online,
            CreditHours = session.CreditHours,
            LecturerId = session.LecturerId,
            Published = false,
        };
        course.Lessons.Add(new Lesson { Order = 1, Title = session.Topic, Minutes = Math.Max(1, minutes) });
        return course;
    }
}
