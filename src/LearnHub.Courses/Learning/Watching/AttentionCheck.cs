using LearnHub.Courses.Attention;

namespace LearnHub.Courses.Learning.Watching;

public enum CheckOutcome
{
    /// <summary>Put to the trainee and not answered yet.</summary>
    Open = 0,
    Passed = 1,
    /// <summary>Too many wrong answers: credit stays stopped until a later check is passed.</summary>
    Missed = 2,
}

public enum AnswerResult
{
    /// <summary>No such check is waiting on this playback (answered already, superseded, or a guess at an id).</summary>
    Unknown,
    Accepted,
    Wrong,
    /// <summary>The last allowed wrong answer: the check is missed; a new one comes after a pause.</summary>
    Missed,
}

/// <summary>
/// A server-issued attention check (专注度确认) of validated watching. The trainee types a code that
/// the player shows only as a picture (or, for screen-reader users, as speech); the code never
/// travels as text, so a script that reads the API cannot answer. Guarded by its watch's lock.
/// </summary>
public sealed class AttentionCheck
{
    public AttentionCheck(Guid id, Guid playbackId, string code, DateTimeOffset issuedAt)
    {
        Id = id;
        PlaybackId = playbackId;
        Code = code;
        IssuedAt = issuedAt;
    }

    public Guid Id { get; }

    /// <summary>The playback that met it; a later playback of the same lesson inherits an open check.</summary>
    public Guid PlaybackId { get; internal set; }

    /// <summary>Digits only, so it can be typed on a phone's number pad.</summary>
    public string Code { get; }

    /// <summary>When it fell due on the server's clock (not when the player next reported).</summary>
    public DateTimeOffset IssuedAt { get; }

    public int WrongAnswers { get; private set; }

    public DateTimeOffset? AnsweredAt { get; private set; }

    public CheckOutcome Outcome { get; private set; }

    internal AnswerResult Answer(string? answer, DateTimeOffset now, int maxWrongAnswers)
    {
        if (Outcome != CheckOutcome.Open)
        {
            return AnswerResult.Unknown;
        }

        if (AttentionCode.Matches(Code, answer))
        {
            Outcome = CheckOutcome.Passed;
            AnsweredAt = now;
            return AnswerResult.Accepted;
        }

        WrongAnswers++;
        if (WrongAnswers < maxWrongAnswers)
        {
            return AnswerResult.Wrong;
        }

        Outcome = CheckOutcome.Missed;
        AnsweredAt = now;
        return AnswerResult.Missed;
    }

    internal CheckSnapshot Snapshot(int personId, int lessonId) =>
        new(Id, PlaybackId, personId, lessonId, IssuedAt, AnsweredAt, WrongAnswers, Outcome);
}

/// <summary>A check as it stood when copied for writing to the evidence record.</summary>
internal sealed record CheckSnapshot(Guid Id, Guid PlaybackId, int PersonId, int LessonId, DateTimeOffset IssuedAt, DateTimeOffset? AnsweredAt,
    int WrongAnswers, CheckOutcome Outcome);
