namespace LearnHub.Courses.Learning.Watching;

/// <summary>How much of a lesson's media a person has watched (课时学习进度), as written by the flusher.</summary>
public sealed class LessonProgress
{
    public long Id { get; set; }

    public int PersonId { get; set; }

    public int LessonId { get; set; }

    /// <summary>The lesson's course, kept here so a course's progress is one indexed read.</summary>
    public int CourseId { get; set; }

    /// <summary>Watched intervals in <see cref="Coverage.Serialize"/> form.</summary>
    public string Coverage { get; set; } = "";

    public double CoveredSeconds { get; set; }

    public double FurthestSeconds { get; set; }

    public double DurationSeconds { get; set; }

    /// <summary>Media credited since the last passed attention check, so a check cannot be skipped by coming back later.</summary>
    public double UncheckedSeconds { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>For a reading lesson: the seconds the page was seen open and visible, as the server timed them.</summary>
    public double ReadSeconds { get; set; }

    /// <summary>When the last visible reading report arrived; null when the page was last reported hidden.</summary>
    public DateTimeOffset? ReadReportedAt { get; set; }
}

/// <summary>A course a person has completed by watching all its lessons (课程结业); written once.</summary>
public sealed class CourseCompletion
{
    public long Id { get; set; }

    public int PersonId { get; set; }

    public int CourseId { get; set; }

    public DateTimeOffset CompletedAt { get; set; }
}

