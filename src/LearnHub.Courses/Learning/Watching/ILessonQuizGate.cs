namespace LearnHub.Courses.Learning.Watching;

/// <summary>Whether a lesson's quiz stands in the way of completing it.</summary>
public interface ILessonQuizGate
{
    /// <summary>True when the lesson has no published quiz, or the person has passed one of its quizzes.</summary>
    Task<bool> IsSatisfiedAsync(int personId, int lessonId, CancellationToken ct);

    /// <summary>The lessons among these that have a published quiz (passing it may add hours).</summary>
    Task<IReadOnlySet<int>> WithQuizAsync(IReadOnlyCollection<int> lessonIds, CancellationToken ct);
}
