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

namespace LearnHub.Courses.Compliance;

internal sealed class CurriculumConfiguration : IEntityTypeConfiguration<Curriculum>
{
    public void Configure(EntityTypeBuilder<Curriculum> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(FieldLimits.Title);
        builder.Property(c => c.Description).HasMaxLength(FieldLimits.LongText);
        builder.HasIndex(c => new { c.Tier, c.Year }).IsUnique();
        builder.HasMany(c => c.Courses).WithOne().HasForeignKey(c => c.CurriculumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Pools).WithOne().HasForeignKey(p => p.CurriculumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Sessions).WithOne().HasForeignKey(s => s.CurriculumId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CurriculumSessionConfiguration : IEntityTypeConfiguration<CurriculumSession>
{
    public void Configure(EntityTypeBuilder<CurriculumSession> builder)
    {
        builder.HasKey(s => new { s.CurriculumId, s.SessionId });

        // Deleting a session takes it out of the curricula that required it.
        builder.HasOne(s => s.Session).WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CurriculumCourseConfiguration : IEntityTypeConfiguration<CurriculumCourse>
{
    public void Configure(EntityTypeBuilder<CurriculumCourse> builder)
    {
        builder.HasIndex(c => new { c.CurriculumId, c.CourseId }).IsUnique();
        builder.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Cascade);

        // Removing a pool removes its electives from the curriculum, not the courses.
        builder.HasOne(c => c.Pool).WithMany().HasForeignKey(c => c.ElectivePoolId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ElectivePoolConfiguration : IEntityTypeConfiguration<ElectivePool>
{
    public void Configure(EntityTypeBuilder<ElectivePool> builder)
    {
        builder.Property(p => p.Title).HasMaxLength(FieldLimits.Title);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> builder)
    {
        builder.Property(e => e.Reference).HasMaxLength(FieldLimits.Code);
        builder.Property(e => e.CreditKey).HasMaxLength(FieldLimits.Code);
        builder.Property(e => e.Note).HasMaxLength(FieldLimits.Title);
        builder.Property(e => e.RecordedBy).HasMaxLength(FieldLimits.Code);
        builder.HasOne(e => e.Person).WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Restrict);

        // A person's year is the hot path of every report: (person, date) covers it.
        builder.HasIndex(e => new { e.PersonId, e.Date });
        builder.HasIndex(e => new { e.PersonId, e.CreditKey }).IsUnique().HasFilter("\"CreditKey\" IS NOT NULL");
        builder.HasIndex(e => e.ReversesEntryId).IsUnique().HasFilter("\"ReversesEntryId\" IS NOT NULL");
        builder.HasOne<LedgerEntry>().WithOne().HasForeignKey<LedgerEntry>(e => e.ReversesEntryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LifecycleCourseConfiguration : IEntityTypeConfiguration<LifecycleCourse>
{
    public void Configure(EntityTypeBuilder<LifecycleCourse> builder)
    {
        builder.HasIndex(c => new { c.Stage, c.CourseId }).IsUnique();
        builder.HasOne(c => c.Course).WithMany().HasForeignKey(c => c.CourseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RuleSetConfiguration : IEntityTypeConfiguration<RuleSet>
{
    public void Configure(EntityTypeBuilder<RuleSet> builder)
    {
        builder.HasIndex(s => new { s.Year, s.Preset }).IsUnique();
        builder.OwnsOne(s => s.OnlineCredit);
        builder.HasMany(s => s.Rules).WithOne().HasForeignKey(r => r.RuleSetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgrammeYearConfiguration : IEntityTypeConfiguration<ProgrammeYear>
{
    public void Configure(EntityTypeBuilder<ProgrammeYear> builder)
    {
        // The year is the key: a second node opening the same year fails on it instead of opening it twice.
        builder.HasKey(y => y.Year);
        builder.Property(y => y.Year).ValueGeneratedNever();
        builder.Ignore(y => y.CarriedForward);
    }
}

internal sealed class ComplianceRuleConfiguration : IEntityTypeConfiguration<ComplianceRule>
{
    public void Configure(EntityTypeBuilder<ComplianceRule> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(r => new { r.RuleSetId, r.Code }).IsUnique();
    }
}

internal sealed class SupervisorAssignmentConfiguration : IEntityTypeConfiguration<SupervisorAssignment>
{
    public void Configure(EntityTypeBuilder<SupervisorAssignment> builder)
    {
        builder.Property(a => a.AssignedBy).HasMaxLength(FieldLimits.Code);
        builder.HasOne(a => a.Course).WithMany().HasForeignKey(a => a.CourseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Curriculum).WithMany().HasForeignKey(a => a.CurriculumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Targets).WithOne().HasForeignKey(t => t.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssignmentTargetConfiguration : IEntityTypeConfiguration<AssignmentTarget>
{
    public void Configure(EntityTypeBuilder<AssignmentTarget> builder)
    {
        builder.HasOne<Person>().WithMany().HasForeignKey(t => t.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.PersonId);
        builder.HasIndex(t => t.OrganizationId);
    }
}
