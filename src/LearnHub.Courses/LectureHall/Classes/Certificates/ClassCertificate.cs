using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Courses.LectureHall.Classes.Certificates;

/// <summary>
/// A completion certificate (结业证书) of a training class, issued once to a person who holds the class's ledger credit.
/// It records what the credit said when it was issued (hours, centralized days, the completion date), so the paper and
/// the public verification agree even if the class is edited later. A certificate is never deleted: it is revoked, by
/// an administrator with a reason or by LearnHub when the credit it rests on is reversed.
/// </summary>
public sealed class ClassCertificate
{
    /// <summary>Who revokes a certificate whose ledger credit was reversed.</summary>
    public const string System = "system";

    public int Id { get; set; }

    /// <summary>The signed serial (证书编号), as printed: "LH-2026-XXXX-XXXX-XXXX" (<see cref="CertificateSerials"/>).</summary>
    public string Serial { get; set; } = "";

    public int ClassId { get; set; }

    public TrainingClass? Class { get; set; }

    public int PersonId { get; set; }

    public Person? Person { get; set; }

    /// <summary>The ledger credit the certificate rests on; when it is reversed the certificate is revoked.</summary>
    public long CreditEntryId { get; set; }

    public decimal Hours { get; set; }

    /// <summary>The hours in training days (集中培训天数) under the year's rules when it was issued.</summary>
    public decimal CentralizedDays { get; set; }

    /// <summary>The day of the credit: the class's last day.</summary>
    public DateOnly CompletedOn { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>A user id, or <see cref="System"/> when the credit was reversed.</summary>
    public string? RevokedBy { get; set; }

    public string? RevocationReason { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}

internal sealed class ClassCertificateConfiguration : IEntityTypeConfiguration<ClassCertificate>
{
    public void Configure(EntityTypeBuilder<ClassCertificate> builder)
    {
        builder.Property(c => c.Serial).HasMaxLength(FieldLimits.Code);
        builder.HasIndex(c => c.Serial).IsUnique();
        // One standing certificate per person and class; revoked ones stay beside it for the record.
        builder.HasIndex(c => new { c.ClassId, c.PersonId }).IsUnique().HasFilter("\"RevokedAt\" IS NULL");
        builder.HasIndex(c => c.PersonId);
        builder.Property(c => c.RevokedBy).HasMaxLength(FieldLimits.Code);
        builder.Property(c => c.RevocationReason).HasMaxLength(FieldLimits.Title);
        builder.HasOne(c => c.Class).WithMany().HasForeignKey(c => c.ClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Person).WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
