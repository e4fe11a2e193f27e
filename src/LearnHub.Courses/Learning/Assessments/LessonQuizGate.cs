using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>Answers Watching's question from the quizzes: Watching owns the question, so it never depends on Assessments.</summary>
internal sealed class LessonQuizGate(CoursesDbContext db) : ILessonQuizGate
{
    public async Task<bool> IsSatisfiedAsync(int personId, int lessonId, CancellationToken ct)
    {
        var quizIds = await db.Set<Quiz>().Where(q => q.LessonId == lessonId && q.Published).Select(q => q.Id).ToListAsync(ct);
        return quizIds.Count == 0 ||
            await db.Set<QuizAttempt>().AnyAsync(a => a.PersonId == personId && quizIds.Contains(a.QuizId) && a.Passed, ct);
    }

    public async Task<IReadOnlySet<int>> WithQuizAsync(IReadOnlyCollection<int> lessonIds, CancellationToken ct) =>
        (await db.Set<Quiz>().Where(q => q.Published && q.LessonId != null && lessonIds.Contains(q.LessonId.Value))
            .Select(q => q.LessonId!.Value).Distinct().ToListAsync(ct)).ToHashSet();
}
