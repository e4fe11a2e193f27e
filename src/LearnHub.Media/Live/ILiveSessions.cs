namespace LearnHub.Media.Live;

/// <summary>
/// What live video needs to know of the lecture hall, which Media does not reference: whether a session's
/// lecture still runs and with which key, and the lesson its recording becomes. Web answers from Courses.
/// </summary>
public interface ILiveSessions
{
    /// <summary>The stream key of a session whose lecture still runs (key set, attendance open, live room on); null otherwise.</summary>
    Task<string?> RunningKeyAsync(int sessionId, CancellationToken cancellationToken);

    /// <summary>The lesson the session's recording becomes, made on first need.</summary>
    Task<int> ReplayLessonAsync(int sessionId, CancellationToken cancellationToken);

    /// <summary>The session's recording is joined: <paramref name="length"/> is how long its replay really is.</summary>
    Task ReplayRecordedAsync(int sessionId, TimeSpan length, CancellationToken cancellationToken);
}
