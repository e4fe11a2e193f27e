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

namespace LearnHub.Courses.Catalogue;

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.Property(c => c.Slug).HasMaxLength(FieldLimits.Code);
        builder.Property(c => c.Title).HasMaxLength(FieldLimits.Title);
        builder.Property(c => c.Summary).HasMaxLength(FieldLimits.LongText);
        builder.Property(c => c.NotesMarkdown).HasMaxLength(FieldLimits.Markdown);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.HasOne(c => c.Lecturer).WithMany().HasForeignKey(c => c.LecturerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Lessons).WithOne().HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> builder)
    {
        builder.Property(l => l.Title).HasMaxLength(FieldLimits.Title);
        builder.Property(l => l.NotesMarkdown).HasMaxLength(FieldLimits.Markdown);
        builder.HasIndex(l => new { l.CourseId, l.Order });
    }
}

internal sealed class LessonAttachmentConfiguration : IEntityTypeConfiguration<LessonAttachment>
{
    public void Configure(EntityTypeBuilder<LessonAttachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(FieldLimits.Title);
        builder.Property(a => a.ContentType).HasMaxLength(FieldLimits.Name);
        builder.Property(a => a.StoredName).HasMaxLength(FieldLimits.Code);
        builder.Property(a => a.UploadedBy).HasMaxLength(FieldLimits.Code * 2);
        builder.HasIndex(a => a.StoredName).IsUnique();
        builder.HasIndex(a => a.LessonId);
        // A lesson's files go with it; the host removes the bytes of attachments it deletes itself.
        builder.HasOne<Lesson>().WithMany().HasForeignKey(a => a.LessonId).OnDelete(DeleteBehavior.Cascade);
    }
}
