using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Notifications;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Compliance.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using LearnHub.Courses.Data;

namespace LearnHub.Courses.Learning;

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    /// <summary>200 intervals of "start-end," stay within this.</summary>
    public const int CoverageLength = 4000;

    public void Configure(EntityTypeBuilder<LessonProgress> builder)
    {
        builder.ToTable("LessonProgress");
        builder.Property(p => p.Coverage).HasMaxLength(CoverageLength);
        // The watching flusher's upsert names only the watching columns; a new row starts with nothing read.
        builder.Property(p => p.ReadSeconds).HasDefaultValue(0d);
        builder.HasIndex(p => new { p.PersonId, p.LessonId }).IsUnique();
        builder.HasIndex(p => new { p.PersonId, p.CourseId });
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CourseCompletionConfiguration : IEntityTypeConfiguration<CourseCompletion>
{
    public void Configure(EntityTypeBuilder<CourseCompletion> builder)
    {
        builder.HasIndex(c => new { c.PersonId, c.CourseId }).IsUnique();
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Course>().WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PlaybackRecordConfiguration : IEntityTypeConfiguration<PlaybackRecord>
{
    public const int DeviceLength = 200;

    public void Configure(EntityTypeBuilder<PlaybackRecord> builder)
    {
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Device).HasMaxLength(DeviceLength);
        builder.Property(p => p.Intervals).HasMaxLength(LessonProgressConfiguration.CoverageLength);
        builder.HasIndex(p => new { p.PersonId, p.LessonId });
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WatchCheckRecordConfiguration : IEntityTypeConfiguration<WatchCheckRecord>
{
    public void Configure(EntityTypeBuilder<WatchCheckRecord> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => new { c.PersonId, c.LessonId });
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(c => c.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WatchingReversalConfiguration : IEntityTypeConfiguration<WatchingReversal>
{
    public void Configure(EntityTypeBuilder<WatchingReversal> builder)
    {
        builder.Property(r => r.Coverage).HasMaxLength(LessonProgressConfiguration.CoverageLength);
        builder.Property(r => r.ReversedBy).HasMaxLength(256);
        builder.Property(r => r.Reason).HasMaxLength(500);
        builder.HasIndex(r => new { r.PersonId, r.LessonId });
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(r => r.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}
