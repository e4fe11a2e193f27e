using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Assessments;

/// <summary>Whether a lesson's quiz stands in the way of completing it.</summary>
public interface ILessonQuizGate
{
    /// <summary>True when the lesson has no published quiz, or the person has passed one of its quizzes.</summary>
    Task<bool> IsSatisfiedAsync(int personId, int lessonId, CancellationToken ct);
}

internal sealed class LessonQuizGate(CoursesDbContext db) : ILessonQuizGate
{
    public async Task<bool> IsSatisfiedAsync(int personId, int lessonId, CancellationToken ct)
    {
        var quizIds = await db.Set<Quiz>().Where(q => q.LessonId == lessonId && q.Published).Select(q => q.Id).ToListAsync(ct);
        return quizIds.Count == 0 ||
            await db.Set<QuizAttempt>().AnyAsync(a => a.PersonId == personId && quizIds.Contains(a.QuizId) && a.Passed, ct);
    }
}
