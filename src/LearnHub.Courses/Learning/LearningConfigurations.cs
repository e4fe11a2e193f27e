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
