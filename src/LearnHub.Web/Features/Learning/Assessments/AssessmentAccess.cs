using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Learning.Assessments;

/// <summary>A course lesson or a lecture-hall session a quiz or bank can belong to, as a form value ("lesson:12", "session:3").</summary>
public sealed record PlaceOption(string Value, string Label);

/// <summary>
/// What a user may manage among banks, quizzes and survey results: an administrator everything, a
/// lecturer the banks and quizzes of their own courses and sessions and the results of their own sessions.
/// </summary>
public sealed class AssessmentAccess(CoursesDbContext db, CurrentScope scope)
{
    public bool IsAdmin => scope.IsAdmin;

    /// <summary>-1 for a lecturer account without a profile, so it matches nothing.</summary>
    private int LecturerId => scope.LecturerId ?? -1;

    public IQueryable<QuestionBank> Banks()
    {
        var banks = db.Set<QuestionBank>().AsNoTracking();
        if (IsAdmin)
        {
            return banks;
        }

        var lecturer = LecturerId;
        return banks.Where(b =>
            (b.CourseId != null && db.Courses.Any(c => c.Id == b.CourseId && c.LecturerId == lecturer)) ||
            (b.LectureHallSessionId != null && db.LectureHallSessions.Any(s => s.Id == b.LectureHallSessionId && s.LecturerId == lecturer)));
    }

    public Task<bool> CanManageBankAsync(int bankId, CancellationToken cancellationToken) =>
        Banks().AnyAsync(b => b.Id == bankId, cancellationToken);

    public IQueryable<Quiz> Quizzes()
    {
        var quizzes = db.Set<Quiz>().AsNoTracking();
        if (IsAdmin)
        {
            return quizzes;
        }

        var lecturer = LecturerId;
        return quizzes.Where(q =>
            (q.LessonId != null && db.Lessons.Any(l => l.Id == q.LessonId && db.Courses.Any(c => c.Id == l.CourseId && c.LecturerId == lecturer))) ||
            (q.LectureHallSessionId != null && db.LectureHallSessions.Any(s => s.Id == q.LectureHallSessionId && s.LecturerId == lecturer)));
    }

    /// <summary>Courses and sessions a bank may belong to ("course:5", "session:3").</summary>
    public async Task<List<PlaceOption>> BankOwnersAsync(CancellationToken cancellationToken)
    {
        var lecturer = LecturerId;
        var courses = await db.Courses.AsNoTracking().Where(c => IsAdmin || c.LecturerId == lecturer).OrderBy(c => c.Title)
            .Select(c => new PlaceOption("course:" + c.Id, c.Title)).ToListAsync(cancellationToken);
        var sessions = await SessionOptionsAsync("session:", cancellationToken);
        return [.. courses, .. sessions];
    }

    /// <summary>Lessons and sessions a quiz may be attached to ("lesson:12", "session:3").</summary>
    public async Task<List<PlaceOption>> QuizPlacesAsync(CancellationToken cancellationToken)
    {
        var lecturer = LecturerId;
        var lessons = await db.Lessons.AsNoTracking()
            .Join(db.Courses, l => l.CourseId, c => c.Id, (l, c) => new { l.Id, l.Order, Lesson = l.Title, Course = c.Title, c.LecturerId })
            .Where(x => IsAdmin || x.LecturerId == lecturer)
            .OrderBy(x => x.Course).ThenBy(x => x.Order)
            .Select(x => new PlaceOption("lesson:" + x.Id, x.Course + " · " + x.Lesson)).ToListAsync(cancellationToken);
        return [.. lessons, .. await SessionOptionsAsync("session:", cancellationToken)];
    }

    private async Task<List<PlaceOption>> SessionOptionsAsync(string prefix, CancellationToken cancellationToken)
    {
        var lecturer = LecturerId;
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => IsAdmin || s.LecturerId == lecturer)
            .OrderBy(s => s.Date).Select(s => new { s.Id, s.Number, s.Topic, Series = s.Series!.Title }).ToListAsync(cancellationToken);
        return sessions.Select(s => new PlaceOption(prefix + s.Id, $"{s.Series} · {s.Number} · {s.Topic}")).ToList();
    }

    /// <summary>Survey results of a session: administrators and the session's lecturer.</summary>
    public bool CanSeeResults(int? sessionLecturerId) => IsAdmin || (sessionLecturerId is { } id && id == scope.LecturerId);

    /// <summary>Splits "lesson:12" into its parts; null when it is not one of the given options.</summary>
    public static (string Kind, int Id)? ParsePlace(string? value, IEnumerable<PlaceOption> allowed)
    {
        if (value is null || !allowed.Any(o => o.Value == value))
        {
            return null;
        }

        var parts = value.Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? (parts[0], id) : null;
    }
}
