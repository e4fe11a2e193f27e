using LearnHub.Courses.Compliance.Assignments;
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

namespace LearnHub.Courses.LectureHall;

internal sealed class LectureHallSeriesConfiguration : IEntityTypeConfiguration<LectureHallSeries>
{
    public void Configure(EntityTypeBuilder<LectureHallSeries> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(FieldLimits.Title);
        builder.Property(s => s.Summary).HasMaxLength(FieldLimits.LongText);
        builder.HasMany(s => s.Sessions).WithOne(s => s.Series).HasForeignKey(s => s.SeriesId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LectureHallSessionConfiguration : IEntityTypeConfiguration<LectureHallSession>
{
    public void Configure(EntityTypeBuilder<LectureHallSession> builder)
    {
        builder.Property(s => s.Topic).HasMaxLength(FieldLimits.Title);
        builder.Property(s => s.Description).HasMaxLength(FieldLimits.LongText);
        builder.Property(s => s.Venue).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(s => new { s.SeriesId, s.Number }).IsUnique();
        builder.HasOne(s => s.Lecturer).WithMany().HasForeignKey(s => s.LecturerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => new { s.LecturerId, s.Date });
        builder.Property(s => s.RosterVersion).IsConcurrencyToken();
        builder.HasMany(s => s.TargetOrganizations).WithOne().HasForeignKey(t => t.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionTargetOrganizationConfiguration : IEntityTypeConfiguration<SessionTargetOrganization>
{
    public void Configure(EntityTypeBuilder<SessionTargetOrganization> builder)
    {
        builder.HasKey(t => new { t.SessionId, t.OrganizationId });
        builder.HasOne(t => t.Organization).WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionRegistrationConfiguration : IEntityTypeConfiguration<SessionRegistration>
{
    public void Configure(EntityTypeBuilder<SessionRegistration> builder)
    {
        builder.HasIndex(r => new { r.SessionId, r.PersonId }).IsUnique();
        builder.HasIndex(r => new { r.SessionId, r.Status, r.RequestedAt });
        builder.HasOne(r => r.Session).WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttendanceRecordConfiguration : IEntityTypeConfiguration<AttendanceRecord>
{
    public void Configure(EntityTypeBuilder<AttendanceRecord> builder)
    {
        builder.Property(a => a.Note).HasMaxLength(FieldLimits.Title);
        builder.HasIndex(a => new { a.SessionId, a.PersonId }).IsUnique();
        builder.HasOne(a => a.Session).WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Person).WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany<AttendanceCorrection>().WithOne().HasForeignKey(c => c.AttendanceRecordId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttendanceCorrectionConfiguration : IEntityTypeConfiguration<AttendanceCorrection>
{
    public void Configure(EntityTypeBuilder<AttendanceCorrection> builder)
    {
        builder.Property(c => c.Reason).HasMaxLength(FieldLimits.Title);
        builder.Property(c => c.CorrectedBy).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(c => c.AttendanceRecordId);
    }
}
