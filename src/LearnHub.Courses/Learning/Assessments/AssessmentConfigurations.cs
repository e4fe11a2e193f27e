using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.Learning.Assessments;

internal sealed class QuestionBankConfiguration : IEntityTypeConfiguration<QuestionBank>
{
    public void Configure(EntityTypeBuilder<QuestionBank> builder)
    {
        builder.Property(b => b.Title).HasMaxLength(FieldLimits.Title);
        builder.HasOne<Course>().WithMany().HasForeignKey(b => b.CourseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LectureHallSession>().WithMany().HasForeignKey(b => b.LectureHallSessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(b => b.Questions).WithOne().HasForeignKey(q => q.BankId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuestionConfiguration : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> builder)
    {
        builder.Property(q => q.Stem).HasMaxLength(FieldLimits.LongText);
        builder.Property(q => q.Explanation).HasMaxLength(FieldLimits.LongText);
        builder.HasIndex(q => q.BankId);
    }
}

internal sealed class QuizConfiguration : IEntityTypeConfiguration<Quiz>
{
    public void Configure(EntityTypeBuilder<Quiz> builder)
    {
        builder.Property(q => q.Title).HasMaxLength(FieldLimits.Title);
        builder.HasOne(q => q.Bank).WithMany().HasForeignKey(q => q.BankId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lesson>().WithMany().HasForeignKey(q => q.LessonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LectureHallSession>().WithMany().HasForeignKey(q => q.LectureHallSessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => q.LessonId);
        builder.HasIndex(q => q.LectureHallSessionId);
    }
}

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> builder)
    {
        builder.HasOne<Quiz>().WithMany().HasForeignKey(a => a.QuizId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
        // One attempt per number: a double-clicked start cannot create two attempts.
        builder.HasIndex(a => new { a.QuizId, a.PersonId, a.Number }).IsUnique();
        builder.HasIndex(a => new { a.PersonId, a.Passed });
        // Two submissions racing each other: the second finds the state changed and is refused.
        builder.Property(a => a.State).IsConcurrencyToken();
        builder.HasMany(a => a.Answers).WithOne().HasForeignKey(a => a.AttemptId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Answers).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AttemptAnswerConfiguration : IEntityTypeConfiguration<AttemptAnswer>
{
    public void Configure(EntityTypeBuilder<AttemptAnswer> builder)
    {
        builder.Property(a => a.Response).HasMaxLength(FieldLimits.Title);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.Property(r => r.Comment).HasMaxLength(FieldLimits.LongText);
        builder.HasOne<LectureHallSession>().WithMany().HasForeignKey(r => r.LectureHallSessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Lecturer>().WithMany().HasForeignKey(r => r.LecturerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(r => new { r.LectureHallSessionId, r.PersonId }).IsUnique();
        builder.HasIndex(r => r.LecturerId);
    }
}
