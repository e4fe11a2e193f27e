using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Notifications;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Compliance.Rules;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Data;

/// <summary>
/// The Courses module's database. Each provider has a subclass so that its migrations
/// (SQLite and PostgreSQL differ in types and SQL) live side by side in this project.
/// </summary>
public abstract class CoursesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<SupervisingUnit> SupervisingUnits => Set<SupervisingUnit>();

    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Lecturer> Lecturers => Set<Lecturer>();

    public DbSet<Course> Courses => Set<Course>();

    public DbSet<Lesson> Lessons => Set<Lesson>();

    public DbSet<LessonAttachment> LessonAttachments => Set<LessonAttachment>();

    public DbSet<LectureHallSeries> LectureHallSeries => Set<LectureHallSeries>();

    public DbSet<LectureHallSession> LectureHallSessions => Set<LectureHallSession>();

    public DbSet<TrainingClass> TrainingClasses => Set<TrainingClass>();

    public DbSet<ClassItem> ClassItems => Set<ClassItem>();

    public DbSet<ClassEnrolment> ClassEnrolments => Set<ClassEnrolment>();

    public DbSet<ClassCertificate> ClassCertificates => Set<ClassCertificate>();
    public DbSet<LeaveRequest> LeaveRequests => Set<LeaveRequest>();

    public DbSet<LeaveRequestSession> LeaveRequestSessions => Set<LeaveRequestSession>();

    public DbSet<ClassNotice> ClassNotices => Set<ClassNotice>();

    public DbSet<ClassGroup> ClassGroups => Set<ClassGroup>();

    public DbSet<ClassGroupMember> ClassGroupMembers => Set<ClassGroupMember>();

    public DbSet<LiveBroadcast> LiveBroadcasts => Set<LiveBroadcast>();

    public DbSet<SessionRegistration> SessionRegistrations => Set<SessionRegistration>();

    public DbSet<AttendanceRecord> AttendanceRecords => Set<AttendanceRecord>();

    public DbSet<AttendanceCorrection> AttendanceCorrections => Set<AttendanceCorrection>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<OutgoingMail> OutgoingMail => Set<OutgoingMail>();

    public DbSet<OutgoingSms> OutgoingSms => Set<OutgoingSms>();

    public DbSet<Curriculum> Curricula => Set<Curriculum>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    public DbSet<OrganizationEvent> OrganizationEvents => Set<OrganizationEvent>();

    public DbSet<LifecycleCourse> LifecycleCourses => Set<LifecycleCourse>();

    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();

    public DbSet<CourseCompletion> CourseCompletions => Set<CourseCompletion>();

    public DbSet<PlaybackRecord> PlaybackRecords => Set<PlaybackRecord>();

    public DbSet<WatchCheckRecord> WatchCheckRecords => Set<WatchCheckRecord>();

    public DbSet<WatchingReversal> WatchingReversals => Set<WatchingReversal>();

    public DbSet<RuleSet> RuleSets => Set<RuleSet>();

    public DbSet<ComplianceRule> ComplianceRules => Set<ComplianceRule>();

    public DbSet<SupervisorAssignment> SupervisorAssignments => Set<SupervisorAssignment>();

    public DbSet<AssignmentTarget> AssignmentTargets => Set<AssignmentTarget>();

    public DbSet<ProgrammeYear> ProgrammeYears => Set<ProgrammeYear>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CoursesDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Hours are quarter-hour multiples, exact in binary; SQLite cannot sum or compare decimals in SQL.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

internal sealed class SqliteCoursesDbContext(DbContextOptions<SqliteCoursesDbContext> options) : CoursesDbContext(options);

internal sealed class PostgresCoursesDbContext(DbContextOptions<PostgresCoursesDbContext> options) : CoursesDbContext(options);
