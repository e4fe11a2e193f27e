using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LearnHub.Media.Decks;

public enum SlideDeckState
{
    Rendering = 0,
    Ready = 1,
    Failed = 2,
}

/// <summary>
/// A PDF handed in for a live lecture-hall session (课件 for the live room), its pages rendered to
/// images. A session shows its newest ready deck; a deck being rendered or one that failed leaves it
/// in place, so nobody ever sees half a deck.
/// </summary>
internal sealed class SlideDeck
{
    private SlideDeck()
    {
        FileName = "";
        OwnerId = "";
    }

    public SlideDeck(Guid id, int sessionId, string fileName, string ownerId, int pages, DateTimeOffset now)
    {
        Id = id;
        SessionId = sessionId;
        FileName = fileName.Length > 255 ? fileName[..255] : fileName;
        OwnerId = ownerId;
        Pages = pages;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    /// <summary>The lecture-hall session (in the Courses module, referred to by id).</summary>
    public int SessionId { get; private set; }

    public string FileName { get; private set; }

    public string OwnerId { get; private set; }

    public SlideDeckState State { get; private set; }

    public int Pages { get; private set; }

    public int Rendered { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Touched by every progress report, so a render whose node died is seen to have stalled.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Progressed(int rendered, DateTimeOffset now)
    {
        Rendered = Math.Clamp(rendered, 0, Pages);
        UpdatedAt = now;
    }

    public void Completed(DateTimeOffset now)
    {
        State = SlideDeckState.Ready;
        Rendered = Pages;
        UpdatedAt = now;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        State = SlideDeckState.Failed;
        Error = error.Length > 500 ? error[..500] : error;
        UpdatedAt = now;
    }
}

internal sealed class SlideDeckConfiguration : IEntityTypeConfiguration<SlideDeck>
{
    public void Configure(EntityTypeBuilder<SlideDeck> builder)
    {
        builder.ToTable("slide_decks");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.OwnerId).HasMaxLength(450);
        builder.Property(d => d.Error).HasMaxLength(500);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(16);
        // Ticks, as for assets: SQLite cannot order DateTimeOffset in SQL.
        builder.Property(d => d.CreatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.Property(d => d.UpdatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        builder.HasIndex(d => d.SessionId);
    }
}
