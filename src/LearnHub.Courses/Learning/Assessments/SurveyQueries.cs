using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>Averages and distribution of a set of survey responses.</summary>
public sealed record RatingSummary(int Responses, double Content, double Lecturer, double Organisation, double Overall,
    double SatisfactionRate, IReadOnlyList<int> OverallDistribution)
{
    public static readonly RatingSummary None = new(0, 0, 0, 0, 0, 0, [0, 0, 0, 0, 0]);

    /// <summary>
    /// Overall is the mean of a response's three ratings; satisfied means an overall of 4 or more.
    /// The distribution counts responses by their overall rating rounded half up, 1 to 5.
    /// </summary>
    public static RatingSummary From(IReadOnlyCollection<(int Content, int Lecturer, int Organisation)> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ratings.Count == 0)
        {
            return None;
        }

        var overall = ratings.Select(r => (r.Content + r.Lecturer + r.Organisation) / 3.0).ToList();
        var distribution = new int[5];
        foreach (var o in overall)
        {
            distribution[Math.Clamp((int)Math.Floor(o + 0.5), 1, 5) - 1]++;
        }

        return new RatingSummary(ratings.Count,
            Math.Round(ratings.Average(r => r.Content), 2), Math.Round(ratings.Average(r => r.Lecturer), 2),
            Math.Round(ratings.Average(r => r.Organisation), 2), Math.Round(overall.Average(), 2),
            Math.Round((double)overall.Count(o => o >= SurveyResponse.SatisfiedFrom) / ratings.Count, 4), distribution);
    }
}

public sealed record SessionRatings(int SessionId, int SeriesId, int Number, DateOnly Date, string Topic, int? LecturerId, string? LecturerName,
    RatingSummary Summary);

public sealed record LecturerRatings(int LecturerId, RatingSummary Summary, IReadOnlyList<SessionRatings> Sessions);

public sealed record SurveyComment(string Text, DateTimeOffset SubmittedAt);

/// <summary>Survey results. Callers decide who may see which (admins all, a lecturer their own sessions).</summary>
public sealed class SurveyQueries(CoursesDbContext db)
{
    /// <summary>Ratings per session, optionally limited to one lecturer's sessions.</summary>
    public async Task<IReadOnlyList<SessionRatings>> SessionsAsync(int? lecturerId, CancellationToken cancellationToken)
    {
        var sessions = await db.LectureHallSessions.AsNoTracking()
            .Where(s => lecturerId == null || s.LecturerId == lecturerId)
            .OrderBy(s => s.Date).ThenBy(s => s.Number)
            .Select(s => new { s.Id, s.SeriesId, s.Number, s.Date, s.Topic, s.LecturerId, LecturerName = s.Lecturer == null ? null : s.Lecturer.Name })
            .ToListAsync(cancellationToken);
        var ids = sessions.Select(s => s.Id).ToList();
        var ratings = await RatingsAsync(db.Set<SurveyResponse>().Where(r => ids.Contains(r.LectureHallSessionId)), cancellationToken);
        return sessions.Select(s => new SessionRatings(s.Id, s.SeriesId, s.Number, s.Date, s.Topic, s.LecturerId, s.LecturerName,
            RatingSummary.From(ratings.Where(r => r.SessionId == s.Id).Select(r => r.Ratings).ToList()))).ToList();
    }

    public async Task<SessionRatings?> SessionAsync(int sessionId, CancellationToken cancellationToken)
    {
        var s = await db.LectureHallSessions.AsNoTracking().Where(x => x.Id == sessionId)
            .Select(x => new { x.Id, x.SeriesId, x.Number, x.Date, x.Topic, x.LecturerId, LecturerName = x.Lecturer == null ? null : x.Lecturer.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (s is null)
        {
            return null;
        }

        var ratings = await RatingsAsync(db.Set<SurveyResponse>().Where(r => r.LectureHallSessionId == sessionId), cancellationToken);
        return new SessionRatings(s.Id, s.SeriesId, s.Number, s.Date, s.Topic, s.LecturerId, s.LecturerName,
            RatingSummary.From(ratings.Select(r => r.Ratings).ToList()));
    }

    /// <summary>A lecturer's ratings over every session they gave (by the lecturer recorded with each response).</summary>
    public async Task<LecturerRatings> LecturerRatingsAsync(int lecturerId, CancellationToken cancellationToken)
    {
        var ratings = await RatingsAsync(db.Set<SurveyResponse>().Where(r => r.LecturerId == lecturerId), cancellationToken);
        var sessions = (await SessionsAsync(lecturerId, cancellationToken)).Where(s => s.Summary.Responses > 0).ToList();
        return new LecturerRatings(lecturerId, RatingSummary.From(ratings.Select(r => r.Ratings).ToList()), sessions);
    }

    /// <summary>The ratings of several sessions together (a class's), over every response to any of them.</summary>
    public async Task<RatingSummary> OfSessionsAsync(IReadOnlyCollection<int> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        var ratings = await RatingsAsync(db.Set<SurveyResponse>().Where(r => sessionIds.Contains(r.LectureHallSessionId)), cancellationToken);
        return RatingSummary.From(ratings.Select(r => r.Ratings).ToList());
    }

    public async Task<IReadOnlyList<SurveyComment>> CommentsAsync(int sessionId, int take, CancellationToken cancellationToken)
    {
        var rows = await db.Set<SurveyResponse>().AsNoTracking()
            .Where(r => r.LectureHallSessionId == sessionId && r.Comment != "")
            .Select(r => new { r.Comment, r.SubmittedAt, r.Id }).ToListAsync(cancellationToken);
        // Sorted in memory: SQLite cannot order by a DateTimeOffset.
        return rows.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).Take(take)
            .Select(r => new SurveyComment(r.Comment, r.SubmittedAt)).ToList();
    }

    private static async Task<List<(int SessionId, (int, int, int) Ratings)>> RatingsAsync(IQueryable<SurveyResponse> responses, CancellationToken cancellationToken) =>
        (await responses.AsNoTracking().Select(r => new { r.LectureHallSessionId, r.ContentRating, r.LecturerRating, r.OrganisationRating })
            .ToListAsync(cancellationToken))
            .Select(r => (r.LectureHallSessionId, (r.ContentRating, r.LecturerRating, r.OrganisationRating))).ToList();
}
