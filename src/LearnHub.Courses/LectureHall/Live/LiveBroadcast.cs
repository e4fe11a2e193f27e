using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>
/// What a session needs to be broadcast live (直播): its Markdown slides, the stream key an encoder publishes
/// with and the lesson its recording became. One per session prepared for live; a session without one has
/// no slides, no key and no replay, so the session itself carries nothing about broadcasting.
/// </summary>
public sealed class LiveBroadcast
{
    /// <summary>For EF Core.</summary>
    private LiveBroadcast()
    {
    }

    public LiveBroadcast(int sessionId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sessionId);
        SessionId = sessionId;
    }

    public int SessionId { get; private set; }

    /// <summary>Markdown slides for the live room, one slide per part between lines of <c>---</c> (<see cref="LiveSlides"/>).</summary>
    public string Slides { get; private set; } = "";

    /// <summary>
    /// The secret an encoder (OBS, ffmpeg) publishes the live video with; null until staff first open the
    /// console, and again once the lecture ended. A new key makes the old one stale, so a leaked key stops working at once.
    /// </summary>
    public string? StreamKey { get; private set; }

    /// <summary>The lesson the lecture's recording became: watched later, it credits as online learning.</summary>
    public int? ReplayLessonId { get; private set; }

    /// <summary>Replaces the Markdown slides; none is an empty deck.</summary>
    public void SetSlides(string? markdown) => Slides = markdown ?? "";

    /// <summary>The first key of a broadcast that has none; a broadcast holding one rotates it instead, so no key is replaced unnoticed.</summary>
    public void IssueKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (StreamKey is not null)
        {
            throw new InvalidOperationException($"Session {SessionId} already has a stream key; rotate it to replace it.");
        }

        StreamKey = key;
    }

    /// <summary>A new key in place of the current one (if any): the old one is refused from now on.</summary>
    public void RotateKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        StreamKey = key;
    }

    /// <summary>
    /// The lesson the recording became. A session's lectures make one replay: attaching another lesson would
    /// strand the first one's course, so only the same lesson may be attached again.
    /// </summary>
    public void AttachReplay(int lessonId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lessonId);
        if (ReplayLessonId is { } attached && attached != lessonId)
        {
            throw new InvalidOperationException($"Session {SessionId} already has replay lesson {attached}.");
        }

        ReplayLessonId = lessonId;
    }
}

/// <summary>Finding a session's broadcast where it is to be changed.</summary>
public static class LiveBroadcastSet
{
    /// <summary>
    /// The session's broadcast, tracked; a new one, added and saved with the next save, when the session was never prepared for live.
    /// One added earlier in the same unit of work is found too, so a session never gets two.
    /// </summary>
    public static async Task<LiveBroadcast> PrepareAsync(this DbSet<LiveBroadcast> broadcasts, int sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcasts);
        return broadcasts.Local.SingleOrDefault(b => b.SessionId == sessionId)
            ?? await broadcasts.SingleOrDefaultAsync(b => b.SessionId == sessionId, cancellationToken)
            ?? broadcasts.Add(new LiveBroadcast(sessionId)).Entity;
    }
}

internal sealed class LiveBroadcastConfiguration : IEntityTypeConfiguration<LiveBroadcast>
{
    public void Configure(EntityTypeBuilder<LiveBroadcast> builder)
    {
        builder.HasKey(b => b.SessionId);
        builder.Property(b => b.SessionId).ValueGeneratedNever();
        builder.Property(b => b.Slides).HasMaxLength(FieldLimits.Markdown);
        builder.Property(b => b.StreamKey).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(b => b.StreamKey).IsUnique();
        builder.HasOne<LectureHallSession>().WithOne().HasForeignKey<LiveBroadcast>(b => b.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(b => b.ReplayLessonId).OnDelete(DeleteBehavior.SetNull);
    }
}
