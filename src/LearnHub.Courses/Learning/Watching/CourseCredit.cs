using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// One lesson's part in its course's credit: the seconds of work it stands for (a video's real length, or the
/// reading time its author set), whether it has a quiz, and whether the person has done it.
/// </summary>
public sealed record LessonWork(int LessonId, double Seconds, bool HasQuiz, bool Done);

/// <summary>
/// The one definition of a course's online hours (课程学时): the conversion of the programme year's active rule
/// set (<see cref="OnlineCreditSettings.HoursFor"/>) applied to the work of every lesson — the minutes of its
/// videos and reading times, plus the passed-test hours when a lesson has a quiz — and only once every lesson
/// is done. What a course "will credit" is the same sum with every lesson done, so the catalogue, the course
/// page, plans and the ledger cannot disagree.
/// </summary>
public sealed class CourseCredit(CoursesDbContext db, IOnlineCreditRules rules, ILessonQuizGate quizGate, ProgrammeClock clock)
{
    /// <summary>The hours a course's lessons convert to; nothing until every lesson is done.</summary>
    public static decimal Convert(OnlineCreditSettings conversion, IReadOnlyCollection<LessonWork> lessons)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        ArgumentNullException.ThrowIfNull(lessons);
        if (lessons.Count == 0 || lessons.Any(l => !l.Done))
        {
            return 0m;
        }

        // Whole minutes, rounded down: the rule's thresholds are "at least N minutes".
        var minutes = (int)Math.Floor(lessons.Sum(l => l.Seconds) / 60);
        return conversion.HoursFor(minutes, lessons.Any(l => l.HasQuiz));
    }

    /// <summary>The hours each course will credit under this programme year's rules, once all its work is done.</summary>
    public Task<IReadOnlyDictionary<int, decimal>> OfferedAsync(IReadOnlyCollection<int> courseIds, CancellationToken cancellationToken = default) =>
        OfferedAsync(courseIds, clock.Year, cancellationToken);

    /// <summary>The hours each course credits, all its work done, under the rules of the given year.</summary>
    public async Task<IReadOnlyDictionary<int, decimal>> OfferedAsync(IReadOnlyCollection<int> courseIds, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(courseIds);
        var lessons = await LessonsAsync(db.Lessons.Where(l => courseIds.Contains(l.CourseId)), cancellationToken);
        var quizzes = await quizGate.WithQuizAsync(lessons.Select(l => l.Id).ToList(), cancellationToken);
        var conversion = await rules.ForYearAsync(year, cancellationToken);
        var byCourse = lessons.ToLookup(l => l.CourseId);
        return courseIds.Distinct().ToDictionary(id => id,
            id => Convert(conversion, byCourse[id].Select(l => new LessonWork(l.Id, l.Seconds, quizzes.Contains(l.Id), Done: true)).ToList()));
    }

    public async Task<decimal> OfferedAsync(int courseId, CancellationToken cancellationToken = default) =>
        (await OfferedAsync([courseId], cancellationToken))[courseId];

    /// <summary>Catalogue cards showing the hours each course will credit this year, not a stored figure.</summary>
    public async Task<IReadOnlyList<CourseCard>> WithHoursAsync(IReadOnlyList<CourseCard> cards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var hours = await OfferedAsync(cards.Select(c => c.Id).ToList(), cancellationToken);
        return cards.Select(c => c with { CreditHours = hours[c.Id] }).ToList();
    }

    /// <summary>A course's page showing the hours it will credit this year.</summary>
    public async Task<CourseDetail> WithHoursAsync(CourseDetail course, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(course);
        return course with { CreditHours = await OfferedAsync(course.Id, cancellationToken) };
    }

    /// <summary>
    /// Each lesson of the course with what the person did: a lesson with a video or a reading time is done when
    /// its progress says completed; a lesson with neither is done when its quiz (if any) is passed.
    /// </summary>
    public async Task<IReadOnlyList<LessonWork>> WorkAsync(int personId, int courseId, CancellationToken cancellationToken = default)
    {
        var lessons = await LessonsAsync(db.Lessons.Where(l => l.CourseId == courseId), cancellationToken);
        var ids = lessons.Select(l => l.Id).ToList();
        var quizzes = await quizGate.WithQuizAsync(ids, cancellationToken);
        var completed = await db.LessonProgress.AsNoTracking()
            .Where(p => p.PersonId == personId && p.CourseId == courseId && p.CompletedAt != null).Select(p => p.LessonId).ToListAsync(cancellationToken);
        var work = new List<LessonWork>(lessons.Count);
        foreach (var l in lessons)
        {
            var done = completed.Contains(l.Id)
                || (l.Seconds == 0 && !l.HasVideo && await quizGate.IsSatisfiedAsync(personId, l.Id, cancellationToken));
            work.Add(new LessonWork(l.Id, l.Seconds, quizzes.Contains(l.Id), done));
        }

        return work;
    }

    /// <summary>The hours the person's work on the course earns under the given year's rules.</summary>
    public async Task<decimal> EarnedAsync(IReadOnlyCollection<LessonWork> work, int year, CancellationToken cancellationToken = default) =>
        Convert(await rules.ForYearAsync(year, cancellationToken), work);

    /// <summary>
    /// Brings <c>Course.CreditHours</c> in step with <see cref="OfferedAsync(IReadOnlyCollection{int}, CancellationToken)"/>
    /// for the given courses, or every course: after a lesson, its video or the year's rules changed.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyCollection<int>? courseIds = null, CancellationToken cancellationToken = default)
    {
        var stored = await (courseIds is null ? db.Courses : db.Courses.Where(c => courseIds.Contains(c.Id))).AsNoTracking()
            .Select(c => new { c.Id, c.CreditHours }).ToListAsync(cancellationToken);
        var offered = await OfferedAsync(stored.Select(c => c.Id).ToList(), cancellationToken);
        foreach (var course in stored.Where(c => c.CreditHours != offered[c.Id]))
        {
            var hours = offered[course.Id];
            await db.Courses.Where(c => c.Id == course.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreditHours, hours), cancellationToken);
        }
    }

    /// <summary>The seconds a lesson stands for: its video's real length when it has one, else its reading time.</summary>
    private static async Task<List<LessonLength>> LessonsAsync(IQueryable<Lesson> lessons, CancellationToken cancellationToken) =>
        await lessons.AsNoTracking().OrderBy(l => l.Order)
            .Select(l => new LessonLength(l.Id, l.CourseId, l.MediaAssetId != null, l.MediaAssetId != null ? l.VideoSeconds : l.ReadingMinutes * 60.0))
            .ToListAsync(cancellationToken);

    private sealed record LessonLength(int Id, int CourseId, bool HasVideo, double Seconds);
}
