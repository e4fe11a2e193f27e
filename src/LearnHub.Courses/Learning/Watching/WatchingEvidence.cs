namespace LearnHub.Courses.Learning.Watching;

/// <summary>
/// One playback kept as evidence (观看记录): who watched which lesson on what device, when, and
/// which stretches of media it earned. A supervisor reads these to see how a lesson was credited.
/// </summary>
public sealed class PlaybackRecord
{
    public Guid Id { get; set; }

    public int PersonId { get; set; }

    public int LessonId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastReportAt { get; set; }

    /// <summary>The browser or app as it named itself (User-Agent), shortened.</summary>
    public string Device { get; set; } = "";

    /// <summary>Media seconds this playback added to the person's coverage.</summary>
    public double CreditedSeconds { get; set; }

    /// <summary>The stretches it earned, in <see cref="Coverage.Serialize"/> form.</summary>
    public string Intervals { get; set; } = "";

    /// <summary>Media seconds delivered to it as segments: watching without fetching media earns nothing.</summary>
    public double DeliveredSeconds { get; set; }
}

/// <summary>An attention check put during watching, with how it was answered.</summary>
public sealed class WatchCheckRecord
{
    public Guid Id { get; set; }

    public Guid PlaybackId { get; set; }

    public int PersonId { get; set; }

    public int LessonId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public int WrongAnswers { get; set; }

    public CheckOutcome Outcome { get; set; }
}

/// <summary>An administrator's reversal of a person's credit for a lesson (撤销学习记录), with the reason.</summary>
public sealed class WatchingReversal
{
    public long Id { get; set; }

    public int PersonId { get; set; }

    public int LessonId { get; set; }

    /// <summary>The coverage that was withdrawn, in <see cref="Coverage.Serialize"/> form.</summary>
    public string Coverage { get; set; } = "";

    public DateTimeOffset ReversedAt { get; set; }

    public string ReversedBy { get; set; } = "";

    public string Reason { get; set; } = "";
}

/// <summary>A playback as it stood when copied for writing.</summary>
internal sealed record PlaybackSnapshot(Guid Id, int PersonId, int LessonId, DateTimeOffset StartedAt, DateTimeOffset LastReportAt, string Device,
    double CreditedSeconds, string Intervals, double DeliveredSeconds);
