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

namespace LearnHub.Courses.Registry;

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
        builder.Property(l => l.Mobile).HasMaxLength(FieldLimits.Mobile);
        builder.Property(l => l.Email).HasMaxLength(FieldLimits.Title);
        builder.Property(l => l.Bio).HasMaxLength(FieldLimits.LongText);
        builder.Property(l => l.Availability).HasMaxLength(FieldLimits.Title);
        builder.Property(l => l.PhotoContentType).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(l => l.Key).IsUnique();
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
