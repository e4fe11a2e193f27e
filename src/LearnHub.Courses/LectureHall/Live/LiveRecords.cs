using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.LectureHall.Live;

/// <summary>
/// One connection's time in a live room. Written when the connection opens and closed when it
/// closes, so a restart of the server loses at most the open ends, not the history.
/// </summary>
public sealed class LivePresence
{
    public long Id { get; set; }

    public int SessionId { get; set; }

    public int PersonId { get; set; }

    public string ConnectionId { get; set; } = "";

    public DateTimeOffset JoinedAt { get; set; }

    public DateTimeOffset? LeftAt { get; set; }
}

/// <summary>A person's attendance at a live lecture, computed when the lecturer ends it.</summary>
public sealed class LiveAttendance
{
    public long Id { get; set; }

    public int SessionId { get; set; }

    public int PersonId { get; set; }

    public int Minutes { get; set; }

    public decimal Share { get; set; }

    public LiveAttendanceState State { get; set; }

    public DateTimeOffset? FirstJoined { get; set; }

    public DateTimeOffset? LastLeft { get; set; }

    public decimal CreditedHours { get; set; }

    /// <summary>Attention checks left unanswered within their window (late answers count as missed).</summary>
    public int MissedChecks { get; set; }

    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>
/// One attention check (专注度确认) put to one person present in a live room. Unanswered within
/// its window, the person's minutes stop counting from <see cref="IssuedAt"/> until they answer.
/// </summary>
public sealed class LiveAttentionCheck
{
    public long Id { get; set; }

    public int SessionId { get; set; }

    /// <summary>The check's number within the session, 1, 2, …: all present get the same number.</summary>
    public int Number { get; set; }

    public int PersonId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>This person's code for this check, shown to them only as a picture or speech.</summary>
    public string Code { get; set; } = "";

    /// <summary>Wrong codes typed; at the limit the check is missed and takes no more answers.</summary>
    public int WrongAnswers { get; set; }
}

internal sealed class LivePresenceConfiguration : IEntityTypeConfiguration<LivePresence>
{
    public void Configure(EntityTypeBuilder<LivePresence> builder)
    {
        builder.Property(p => p.ConnectionId).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(p => new { p.SessionId, p.PersonId });
        builder.HasIndex(p => p.ConnectionId);
        builder.HasOne<LectureHallSession>().WithMany().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Registry.People.Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LiveAttendanceConfiguration : IEntityTypeConfiguration<LiveAttendance>
{
    public void Configure(EntityTypeBuilder<LiveAttendance> builder)
    {
        builder.HasIndex(a => new { a.SessionId, a.PersonId }).IsUnique();
        builder.HasOne<LectureHallSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Registry.People.Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LiveAttentionCheckConfiguration : IEntityTypeConfiguration<LiveAttentionCheck>
{
    public void Configure(EntityTypeBuilder<LiveAttentionCheck> builder)
    {
        builder.HasIndex(c => new { c.SessionId, c.PersonId, c.Number }).IsUnique();
        builder.Property(c => c.Code).HasMaxLength(Attention.AttentionCode.Length);
        builder.HasOne<LectureHallSession>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Registry.People.Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
