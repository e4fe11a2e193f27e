using LearnHub.Courses.Data;
using LearnHub.Web.Identity.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearnHub.Web.Identity;

/// <summary>Accounts (ASP.NET Core Identity) and the OpenID Connect server's applications, authorizations and tokens.</summary>
public abstract class AppIdentityDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public const string HistoryTable = "__identity_migrations";

    public DbSet<AccountCode> AccountCodes => Set<AccountCode>();

    public DbSet<AccountAudit> AccountAudits => Set<AccountAudit>();

    public DbSet<CodeRequest> CodeRequests => Set<CodeRequest>();

    public DbSet<Audit.AuditEntry> AuditLog => Set<Audit.AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(FieldLimits.Name);
            // Sign-in by mobile number looks the account up by it: one account per number.
            user.HasIndex(u => u.PhoneNumber).IsUnique();
            user.HasIndex(u => u.PersonId);
            user.HasIndex(u => u.ContactOrganizationId);
        });
        builder.Entity<AccountCode>(code =>
        {
            code.ToTable("AccountCodes");
            code.Property(c => c.UserId).HasMaxLength(450);
            code.Property(c => c.Hash).HasMaxLength(64);
            code.Property(c => c.IssuedById).HasMaxLength(450);
            code.HasIndex(c => new { c.UserId, c.Purpose });
        });
        builder.Entity<AccountAudit>(audit =>
        {
            audit.ToTable("AccountAudits");
            audit.Property(a => a.ActorId).HasMaxLength(450);
            audit.Property(a => a.ActorName).HasMaxLength(FieldLimits.Name);
            audit.Property(a => a.TargetId).HasMaxLength(450);
            audit.Property(a => a.TargetName).HasMaxLength(FieldLimits.Name);
            audit.Property(a => a.Detail).HasMaxLength(FieldLimits.Title);
            audit.HasIndex(a => new { a.TargetId, a.At });
        });
        builder.Entity<Audit.AuditEntry>(entry =>
        {
            entry.ToTable("AuditLog");
            // The chain's order, and the lock between writers: two cannot both append line n.
            entry.HasIndex(e => e.Sequence).IsUnique();
            entry.HasIndex(e => e.AtUtc);
            entry.HasIndex(e => new { e.ActorId, e.AtUtc });
            entry.Property(e => e.ActorId).HasMaxLength(450);
            entry.Property(e => e.ActorName).HasMaxLength(200);
            entry.Property(e => e.ActorRoles).HasMaxLength(200);
            entry.Property(e => e.Client).HasMaxLength(64);
            entry.Property(e => e.Target).HasMaxLength(400);
            entry.Property(e => e.Detail).HasMaxLength(2000);
            entry.Property(e => e.PreviousHash).HasMaxLength(64);
            entry.Property(e => e.Hash).HasMaxLength(64);
        });
        builder.Entity<CodeRequest>(request =>
        {
            request.ToTable("CodeRequests");
            request.Property(r => r.Key).HasMaxLength(64);
            request.HasIndex(r => new { r.Key, r.AtUtc });
        });
    }
}

internal sealed class SqliteIdentityDbContext(DbContextOptions<SqliteIdentityDbContext> options) : AppIdentityDbContext(options);

internal sealed class PostgresIdentityDbContext(DbContextOptions<PostgresIdentityDbContext> options) : AppIdentityDbContext(options);

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteIdentityDesignFactory : IDesignTimeDbContextFactory<SqliteIdentityDbContext>
{
    public SqliteIdentityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIdentityDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(AppIdentityDbContext.HistoryTable)).Options);
}

internal sealed class PostgresIdentityDesignFactory : IDesignTimeDbContextFactory<PostgresIdentityDbContext>
{
    public PostgresIdentityDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresIdentityDbContext>()
            .UseNpgsql("Host=localhost;Database=learnhub_design", o => o.MigrationsHistoryTable(AppIdentityDbContext.HistoryTable)).Options);
}
