using LearnHub.Media.Assets;
using LearnHub.Media.Decks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Media.Data;

/// <summary>The Media module's tables; one subclass per provider keeps each provider's migrations apart.</summary>
internal abstract class MediaDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Media's own migration history, so it migrates independently of the other modules in the one database.</summary>
    public const string HistoryTable = "__media_migrations";

    public DbSet<MediaAsset> Assets => Set<MediaAsset>();

    public DbSet<SlideDeck> SlideDecks => Set<SlideDeck>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MediaDbContext).Assembly);
    }
}

internal sealed class SqliteMediaDbContext(DbContextOptions<SqliteMediaDbContext> options) : MediaDbContext(options);

internal sealed class PostgresMediaDbContext(DbContextOptions<PostgresMediaDbContext> options) : MediaDbContext(options);

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> builder)
    {
        builder.ToTable("media_assets");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.OwnerId).HasMaxLength(450);
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Failure).HasConversion<string>().HasMaxLength(32);
        // SQLite cannot order DateTimeOffset in SQL; ticks keep the queue order portable.
        builder.Property(a => a.CreatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Property(a => a.UpdatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Property(a => a.LeaseExpiresAt).HasConversion(v => v!.Value.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Property(a => a.LeaseOwner).HasMaxLength(128);
        // A worker that lost its lease (it stalled; another node claimed the job) must not write over the new owner's progress or outcome.
        builder.Property(a => a.LeaseOwner).IsConcurrencyToken();
        builder.HasIndex(a => a.Status);
        builder.HasIndex(a => a.LessonId);
    }
}

// Used only by `dotnet ef migrations add`; no database is opened.
internal sealed class SqliteMediaDesignFactory : IDesignTimeDbContextFactory<SqliteMediaDbContext>
{
    public SqliteMediaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMediaDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(MediaDbContext.HistoryTable)).Options);
}

internal sealed class PostgresMediaDesignFactory : IDesignTimeDbContextFactory<PostgresMediaDbContext>
{
    public PostgresMediaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMediaDbContext>()
            .UseNpgsql("Host=localhost;Database=learnhub_design", o => o.MigrationsHistoryTable(MediaDbContext.HistoryTable)).Options);
}
