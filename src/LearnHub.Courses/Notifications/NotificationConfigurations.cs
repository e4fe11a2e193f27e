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

namespace LearnHub.Courses.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.UserId).HasMaxLength(FieldLimits.Code);
        builder.Property(n => n.MessageKey).HasMaxLength(FieldLimits.Code);
        builder.Property(n => n.Arguments).HasMaxLength(FieldLimits.LongText);
        builder.Property(n => n.Link).HasMaxLength(FieldLimits.Title);
        builder.Property(n => n.OnceKey).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
        builder.HasIndex(n => new { n.UserId, n.OnceKey }).IsUnique().HasFilter("\"OnceKey\" IS NOT NULL");
        builder.Ignore(n => n.ArgumentList);
    }
}

internal sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.Property(m => m.To).HasMaxLength(FieldLimits.Title);
        builder.Property(m => m.Subject).HasMaxLength(FieldLimits.Title);
        builder.Property(m => m.Body).HasMaxLength(FieldLimits.LongText);
        builder.Property(m => m.LastError).HasMaxLength(FieldLimits.Title);
        // The worker's query: what is still to send and due now.
        builder.HasIndex(m => new { m.State, m.NextAttemptUtc });
    }
}

internal sealed class OutgoingSmsConfiguration : IEntityTypeConfiguration<OutgoingSms>
{
    public void Configure(EntityTypeBuilder<OutgoingSms> builder)
    {
        builder.Property(m => m.To).HasMaxLength(FieldLimits.Mobile);
        builder.Property(m => m.Parameters).HasMaxLength(FieldLimits.LongText);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(FieldLimits.Code);
        builder.Property(m => m.LastError).HasMaxLength(FieldLimits.Title);
        builder.HasIndex(m => new { m.State, m.NextAttemptUtc });
    }
}
