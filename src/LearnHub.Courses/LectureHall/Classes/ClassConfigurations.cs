using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.LectureHall.Classes;

internal sealed class TrainingClassConfiguration : IEntityTypeConfiguration<TrainingClass>
{
    public void Configure(EntityTypeBuilder<TrainingClass> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(FieldLimits.Title);
        builder.Property(c => c.Theme).HasMaxLength(FieldLimits.LongText);
        builder.Property(c => c.Place).HasMaxLength(FieldLimits.Name);
        builder.Property(c => c.HeadTeacherUserId).HasMaxLength(FieldLimits.Code);
        builder.Property(c => c.SeatsVersion).IsConcurrencyToken();
        builder.HasIndex(c => c.StartsOn);
        builder.HasIndex(c => c.HeadTeacherUserId);
        // One series per class: its sessions are the class's; the series goes only with the class.
        builder.HasOne(c => c.Series).WithOne().HasForeignKey<TrainingClass>(c => c.SeriesId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.SeriesId).IsUnique();
        builder.HasOne(c => c.OrganizingUnit).WithMany().HasForeignKey(c => c.OrganizingUnitId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.TargetOrganizations).WithOne().HasForeignKey(t => t.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Enrolments).WithOne(e => e.Class).HasForeignKey(e => e.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassTargetOrganizationConfiguration : IEntityTypeConfiguration<ClassTargetOrganization>
{
    public void Configure(EntityTypeBuilder<ClassTargetOrganization> builder)
    {
        builder.HasKey(t => new { t.ClassId, t.OrganizationId });
        builder.HasOne(t => t.Organization).WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassItemConfiguration : IEntityTypeConfiguration<ClassItem>
{
    public void Configure(EntityTypeBuilder<ClassItem> builder)
    {
        builder.HasOne(i => i.Course).WithMany().HasForeignKey(i => i.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.QuizId);
    }
}

internal sealed class ClassEnrolmentConfiguration : IEntityTypeConfiguration<ClassEnrolment>
{
    public void Configure(EntityTypeBuilder<ClassEnrolment> builder)
    {
        builder.HasIndex(e => new { e.ClassId, e.PersonId }).IsUnique();
        builder.HasIndex(e => new { e.ClassId, e.Status });
        builder.Property(e => e.RequestedBy).HasMaxLength(FieldLimits.Code);
        builder.Property(e => e.DecidedBy).HasMaxLength(FieldLimits.Code);
        builder.Property(e => e.Reason).HasMaxLength(FieldLimits.Title);
        builder.HasOne(e => e.Person).WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassReflectionConfiguration : IEntityTypeConfiguration<ClassReflection>
{
    public void Configure(EntityTypeBuilder<ClassReflection> builder)
    {
        builder.ToTable("ClassReflections");
        // One row per attempt: a form sent twice at once cannot make two first attempts.
        builder.HasIndex(r => new { r.ClassId, r.PersonId, r.Attempt }).IsUnique();
        builder.Property(r => r.Text).HasMaxLength(ClassReflection.MaxTextLength);
        builder.Property(r => r.AttachmentName).HasMaxLength(FieldLimits.Title);
        builder.Property(r => r.AttachmentType).HasMaxLength(FieldLimits.Name);
        builder.Property(r => r.AttachmentStoredName).HasMaxLength(FieldLimits.Code);
        builder.Property(r => r.Comment).HasMaxLength(FieldLimits.LongText);
        builder.Property(r => r.GradedBy).HasMaxLength(FieldLimits.Code);
        builder.HasOne(r => r.Class).WithMany().HasForeignKey(r => r.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
