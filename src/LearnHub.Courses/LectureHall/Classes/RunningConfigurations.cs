using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.LectureHall.Classes;

internal sealed class LeaveRequestConfiguration : IEntityTypeConfiguration<LeaveRequest>
{
    public void Configure(EntityTypeBuilder<LeaveRequest> builder)
    {
        builder.Property(r => r.Reason).HasMaxLength(FieldLimits.LongText);
        builder.Property(r => r.Comment).HasMaxLength(FieldLimits.LongText);
        builder.Property(r => r.RequestedBy).HasMaxLength(FieldLimits.Code);
        builder.Property(r => r.DecidedBy).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(r => new { r.ClassId, r.State });
        builder.HasIndex(r => new { r.PersonId, r.ClassId });
        builder.HasOne(r => r.Class).WithMany().HasForeignKey(r => r.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Person).WithMany().HasForeignKey(r => r.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Sessions).WithOne().HasForeignKey(s => s.LeaveRequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeaveRequestSessionConfiguration : IEntityTypeConfiguration<LeaveRequestSession>
{
    public void Configure(EntityTypeBuilder<LeaveRequestSession> builder)
    {
        builder.HasKey(s => new { s.LeaveRequestId, s.SessionId });
        builder.HasOne(s => s.Session).WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassNoticeConfiguration : IEntityTypeConfiguration<ClassNotice>
{
    public void Configure(EntityTypeBuilder<ClassNotice> builder)
    {
        builder.Property(n => n.Title).HasMaxLength(FieldLimits.Title);
        builder.Property(n => n.Body).HasMaxLength(ClassNoticeBoard.BodyLength);
        builder.Property(n => n.PostedBy).HasMaxLength(FieldLimits.Code);
        builder.Property(n => n.PostedByName).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(n => n.ClassId);
        builder.HasOne<TrainingClass>().WithMany().HasForeignKey(n => n.ClassId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClassGroupConfiguration : IEntityTypeConfiguration<ClassGroup>
{
    public void Configure(EntityTypeBuilder<ClassGroup> builder)
    {
        builder.Property(g => g.Name).HasMaxLength(FieldLimits.Name);
        builder.HasIndex(g => new { g.ClassId, g.Name }).IsUnique();
        builder.HasOne<TrainingClass>().WithMany().HasForeignKey(g => g.ClassId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(g => g.Members).WithOne().HasForeignKey(m => m.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LearnHub.Courses.Registry.People.Person>().WithMany().HasForeignKey(g => g.LeaderPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ClassGroupMemberConfiguration : IEntityTypeConfiguration<ClassGroupMember>
{
    public void Configure(EntityTypeBuilder<ClassGroupMember> builder)
    {
        builder.HasKey(m => new { m.GroupId, m.PersonId });
        builder.HasIndex(m => new { m.ClassId, m.PersonId }).IsUnique();
        builder.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
