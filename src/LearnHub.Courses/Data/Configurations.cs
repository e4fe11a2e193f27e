using LearnHub.Courses.Assignments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Curricula;
using LearnHub.Courses.LectureHalls;
using LearnHub.Courses.Lecturers;
using LearnHub.Courses.Ledger;
using LearnHub.Courses.Notifications;
using LearnHub.Courses.Organizations;
using LearnHub.Courses.People;
using LearnHub.Courses.Watching;
using LearnHub.Courses.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.Data;

internal sealed class SupervisingUnitConfiguration : IEntityTypeConfiguration<SupervisingUnit>
{
    public void Configure(EntityTypeBuilder<SupervisingUnit> builder)
    {
        builder.Property(u => u.Code).HasMaxLength(FieldLimits.Code);
        builder.Property(u => u.Name).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(u => u.Code).IsUnique();
        builder.HasIndex(u => u.Name).IsUnique();
    }
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(FieldLimits.Name);
        builder.Property(o => o.CreditCode).HasMaxLength(18);
        builder.HasIndex(o => o.CreditCode).IsUnique();
        builder.HasIndex(o => o.Name);
        builder.HasOne(o => o.SupervisingUnit).WithMany(u => u.Organizations)
            .HasForeignKey(o => o.SupervisingUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(FieldLimits.PersonName);
        builder.Property(p => p.Mobile).HasMaxLength(FieldLimits.Mobile);
        builder.HasIndex(p => p.Mobile).IsUnique();
        builder.HasIndex(p => p.OrganizationId);
        builder.HasOne(p => p.Organization).WithMany()
            .HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Positions).WithOne()
            .HasForeignKey(p => p.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Positions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(p => p.Tiers);
    }
}

internal sealed class LecturerConfiguration : IEntityTypeConfiguration<Lecturer>
{
    public void Configure(EntityTypeBuilder<Lecturer> builder)
    {
        builder.Property(l => l.Key).HasMaxLength(FieldLimits.Code);
        builder.Property(l => l.Name).HasMaxLength(FieldLimits.PersonName);
        builder.Property(l => l.Title).HasMaxLength(FieldLimits.Name);
        builder.Property(l => l.Affiliation).HasMaxLength(FieldLimits.Name);
        builder.Property(l => l.Bio).HasMaxLength(FieldLimits.LongText);
        builder.Property(l => l.Availability).HasMaxLength(FieldLimits.Title);
        builder.Property(l => l.PhotoContentType).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(l => l.Key).IsUnique();
    }
}

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
        builder.Property(s => s.LiveSlides).HasMaxLength(FieldLimits.Markdown);
        builder.Property(s => s.StreamKey).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(s => s.StreamKey).IsUnique();
        builder.HasOne<Lesson>().WithMany().HasForeignKey(s => s.ReplayLessonId).OnDelete(DeleteBehavior.SetNull);
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

internal sealed class OrganizationEventConfiguration : IEntityTypeConfiguration<OrganizationEvent>
{
    public void Configure(EntityTypeBuilder<OrganizationEvent> builder)
    {
        builder.Property(e => e.Note).HasMaxLength(FieldLimits.LongText);
        builder.Property(e => e.RecordedBy).HasMaxLength(FieldLimits.Code);
        builder.HasOne(e => e.Organization).WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.OrganizationId, e.Date });
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

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    /// <summary>200 intervals of "start-end," stay within this.</summary>
    public const int CoverageLength = 4000;

    public void Configure(EntityTypeBuilder<LessonProgress> builder)
    {
        builder.ToTable("LessonProgress");
        builder.Property(p => p.Coverage).HasMaxLength(CoverageLength);
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
