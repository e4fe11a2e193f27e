using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>Where a quiz is attached, for titles and links.</summary>
public sealed record QuizPlace(int? CourseId, string? CourseSlug, string? CourseTitle, int? LessonId, string? LessonTitle,
    int? SessionId, int? SeriesId, int? SessionNumber, string? SessionTopic, int? LecturerId);

public sealed record QuizOverview(int Id, string Title, int QuestionCount, int PassPercent, int MaxAttempts, int? TimeLimitMinutes, QuizPlace Place, bool Published,
    AnswerKeyShown AnswerKeyShown = AnswerKeyShown.AfterLastAttempt);

public sealed record AttemptSummary(int Id, int Number, AttemptState State, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt,
    int CorrectCount, int QuestionCount, int Percent, bool Passed);

/// <summary>A question as the trainee sees it before submitting: no key, no explanation.</summary>
public sealed record PaperQuestion(int Id, QuestionKind Kind, string Stem, IReadOnlyList<string> Options);

public sealed record Paper(int AttemptId, int QuizId, string QuizTitle, int Number, DateTimeOffset? DeadlineAt, IReadOnlyList<PaperQuestion> Questions);

public sealed record ResultQuestion(int Id, QuestionKind Kind, string Stem, IReadOnlyList<string> Options, QuestionResponse Response, bool Correct,
    IReadOnlyList<int> CorrectOptions, IReadOnlyList<string> AcceptedAnswers, string Explanation);

/// <summary>
/// An attempt's result. Unless <paramref name="KeyShown"/>, its questions carry no key, no right/wrong mark and no
/// explanation: the page never has them to show.
/// </summary>
public sealed record AttemptResult(AttemptSummary Attempt, QuizOverview Quiz, int PassPercent, int AttemptsLeft, IReadOnlyList<ResultQuestion> Questions,
    bool KeyShown);

/// <summary>Reads of quizzes and attempts. Every attempt read takes the person, so nobody reads another's attempt.</summary>
public sealed class QuizQueries(CoursesDbContext db)
{
    public async Task<QuizOverview?> QuizAsync(int quizId, CancellationToken cancellationToken) =>
        (await OverviewsAsync(db.Set<Quiz>().Where(q => q.Id == quizId), cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<QuizOverview>> OverviewsAsync(IQueryable<Quiz> quizzes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quizzes);
        var rows = await quizzes.AsNoTracking()
            .Select(q => new
            {
                q.Id, q.Title, q.QuestionCount, q.PassPercent, q.MaxAttempts, q.TimeLimitMinutes, q.LessonId, q.LectureHallSessionId, q.Published, q.AnswerKeyShown,
            })
            .ToListAsync(cancellationToken);
        var lessonIds = rows.Where(r => r.LessonId != null).Select(r => r.LessonId!.Value).ToList();
        var sessionIds = rows.Where(r => r.LectureHallSessionId != null).Select(r => r.LectureHallSessionId!.Value).ToList();
        var lessons = await db.Lessons.AsNoTracking().Where(l => lessonIds.Contains(l.Id))
            .Join(db.Courses, l => l.CourseId, c => c.Id, (l, c) => new { l.Id, l.Title, CourseId = c.Id, c.Slug, CourseTitle = c.Title, c.LecturerId })
            .ToDictionaryAsync(l => l.Id, cancellationToken);
        var sessions = await db.LectureHallSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .Select(s => new { s.Id, s.SeriesId, s.Number, s.Topic, s.LecturerId }).ToDictionaryAsync(s => s.Id, cancellationToken);
        return rows.Select(r =>
        {
            var place = r.LessonId is { } lessonId && lessons.TryGetValue(lessonId, out var l)
                ? new QuizPlace(l.CourseId, l.Slug, l.CourseTitle, l.Id, l.Title, null, null, null, null, l.LecturerId)
                : r.LectureHallSessionId is { } sessionId && sessions.TryGetValue(sessionId, out var s)
                    ? new QuizPlace(null, null, null, null, null, s.Id, s.SeriesId, s.Number, s.Topic, s.LecturerId)
                    : new QuizPlace(null, null, null, null, null, null, null, null, null, null);
            return new QuizOverview(r.Id, r.Title, r.QuestionCount, r.PassPercent, r.MaxAttempts, r.TimeLimitMinutes, place, r.Published, r.AnswerKeyShown);
        }).ToList();
    }

    /// <summary>The published quiz of a lesson (the first if there are several).</summary>
    public Task<int?> LessonQuizIdAsync(int lessonId, CancellationToken cancellationToken) =>
        db.Set<Quiz>().Where(q => q.LessonId == lessonId && q.Published).OrderBy(q => q.Id).Select(q => (int?)q.Id).FirstOrDefaultAsync(cancellationToken);

    public Task<int?> SessionQuizIdAsync(int sessionId, CancellationToken cancellationToken) =>
        db.Set<Quiz>().Where(q => q.LectureHallSessionId == sessionId && q.Published).OrderBy(q => q.Id).Select(q => (int?)q.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<AttemptSummary>> AttemptsAsync(int quizId, int personId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<QuizAttempt>().AsNoTracking().Where(a => a.QuizId == quizId && a.PersonId == personId)
            .OrderBy(a => a.Number).ToListAsync(cancellationToken);
        return rows.Select(Summary).ToList();
    }

    /// <summary>The paper of an open attempt of this person; null when it is not theirs or no longer open.</summary>
    public async Task<Paper?> PaperAsync(int attemptId, int personId, CancellationToken cancellationToken)
    {
        var attempt = await db.Set<QuizAttempt>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.PersonId == personId && a.State == AttemptState.InProgress, cancellationToken);
        if (attempt is null)
        {
            return null;
        }

        var title = await db.Set<Quiz>().Where(q => q.Id == attempt.QuizId).Select(q => q.Title).SingleAsync(cancellationToken);
        var ids = attempt.QuestionIds;
        var questions = await db.Set<Question>().AsNoTracking().Where(q => ids.Contains(q.Id))
            .Select(q => new PaperQuestion(q.Id, q.Kind, q.Stem, q.Options)).ToDictionaryAsync(q => q.Id, cancellationToken);
        return new Paper(attempt.Id, attempt.QuizId, title, attempt.Number, attempt.DeadlineAt,
            ids.Where(questions.ContainsKey).Select(id => questions[id]).ToList());
    }

    /// <summary>The result of a closed attempt of this person, with the key (the attempt is over).</summary>
    public async Task<AttemptResult?> ResultAsync(int attemptId, int personId, CancellationToken cancellationToken)
    {
        var attempt = await db.Set<QuizAttempt>().AsNoTracking().Include(a => a.Answers)
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.PersonId == personId && a.State != AttemptState.InProgress, cancellationToken);
        if (attempt is null || await QuizAsync(attempt.QuizId, cancellationToken) is not { } quiz)
        {
            return null;
        }

        var used = await db.Set<QuizAttempt>().CountAsync(a => a.QuizId == attempt.QuizId && a.PersonId == personId, cancellationToken);
        var ids = attempt.QuestionIds;
        var questions = await db.Set<Question>().AsNoTracking().Where(q => ids.Contains(q.Id)).ToDictionaryAsync(q => q.Id, cancellationToken);
        var answers = attempt.Answers.ToDictionary(a => a.QuestionId);
        var keyShown = Quiz.ShowsKey(quiz.AnswerKeyShown, quiz.MaxAttempts, used);
        var items = ids.Where(questions.ContainsKey).Select(id =>
        {
            var q = questions[id];
            var answer = answers.GetValueOrDefault(id);
            var response = QuestionResponse.FromStored(q.Kind, answer?.Response ?? "");
            return keyShown
                ? new ResultQuestion(q.Id, q.Kind, q.Stem, q.Options, response, answer?.Correct ?? false, q.CorrectOptions, q.AcceptedAnswers, q.Explanation)
                : new ResultQuestion(q.Id, q.Kind, q.Stem, q.Options, response, false, [], [], "");
        }).ToList();
        return new AttemptResult(Summary(attempt), quiz, quiz.PassPercent, Math.Max(0, quiz.MaxAttempts - used), items, keyShown);
    }

    private static AttemptSummary Summary(QuizAttempt a) =>
        new(a.Id, a.Number, a.State, a.StartedAt, a.SubmittedAt, a.CorrectCount, a.QuestionIds.Count, a.Percent, a.Passed);
}
