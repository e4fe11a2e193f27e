namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// A satisfaction survey response (满意度调查) to a lecture-hall session: one per person and session,
/// ratings 1–5 on fixed dimensions. The session's lecturer is recorded with the response, so the
/// lecturer's ratings stay theirs if the session is later reassigned.
/// </summary>
public sealed class SurveyResponse
{
    public const int MinRating = 1;
    public const int MaxRating = 5;

    /// <summary>A response counts as satisfied when its overall rating reaches this.</summary>
    public const double SatisfiedFrom = 4;

    public int Id { get; set; }

    public int LectureHallSessionId { get; set; }

    public int? LecturerId { get; set; }

    public int PersonId { get; set; }

    public int ContentRating { get; set; }

    public int LecturerRating { get; set; }

    public int OrganisationRating { get; set; }

    public string Comment { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public static bool IsValidRating(int rating) => rating is >= MinRating and <= MaxRating;
}

/// <summary>The fixed dimensions a session is rated on.</summary>
public enum SurveyDimension
{
    /// <summary>课程内容</summary>
    Content = 1,
    /// <summary>授课讲师</summary>
    Lecturer = 2,
    /// <summary>组织服务</summary>
    Organisation = 3,
}
