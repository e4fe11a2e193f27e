using LearnHub.Courses.Data;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearnHub.Web.Identity;

/// <summary>Accounts (ASP.NET Core Identity) and the OpenID Connect server's applications, authorizations and tokens.</summary>
public abstract class AppIdentityDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public const string HistoryTable = "__identity_migrations";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();
        builder.Entity<AppUser>().Property(u => u.DisplayName).HasMaxLength(FieldLimits.Name);
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
