using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>Answers the class's question from the quiz attempts: a pass counts from the day the class's quiz opened.</summary>
internal sealed class ClosingQuizResults(CoursesDbContext db) : IClosingQuizResults
{
    public async Task<IReadOnlySet<int>> PassedAsync(int quizId, DateTimeOffset since, IReadOnlyCollection<int> people, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (people.Count == 0)
        {
            return new HashSet<int>();
        }

        // Compared here, not in SQL: SQLite cannot compare a DateTimeOffset.
        var passes = await db.Set<QuizAttempt>().AsNoTracking()
            .Where(a => a.QuizId == quizId && a.Passed && people.Contains(a.PersonId))
            .Select(a => new { a.PersonId, a.SubmittedAt }).ToListAsync(cancellationToken);
        return passes.Where(p => p.SubmittedAt >= since).Select(p => p.PersonId).ToHashSet();
    }
}
