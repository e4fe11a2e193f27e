namespace LearnHub.Courses.Learning.Watching;

/// <summary>Whether a lesson's quiz stands in the way of completing it.</summary>
public interface ILessonQuizGate
{
    /// <summary>True when the lesson has no published quiz, or the person has passed one of its quizzes.</summary>
    Task<bool> IsSatisfiedAsync(int personId, int lessonId, CancellationToken ct);
}
