namespace LearnHub.Courses.LectureHall.Classes;

/// <summary>
/// Who passed a class's closing quiz. The class asks; assessments answer from their attempt records, so the lecture
/// hall never depends on assessments (which build on it).
/// </summary>
public interface IClosingQuizResults
{
    /// <summary>Of <paramref name="people"/>, those with a passed attempt at the quiz submitted at or after <paramref name="since"/>.</summary>
    Task<IReadOnlySet<int>> PassedAsync(int quizId, DateTimeOffset since, IReadOnlyCollection<int> people, CancellationToken cancellationToken);
}
