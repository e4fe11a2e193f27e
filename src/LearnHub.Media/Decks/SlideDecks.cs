using System.Globalization;
using LearnHub.Media.Data;
using LearnHub.Media.Storage;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Media.Decks;

/// <summary>Why a PDF was not taken as a session's slides.</summary>
public enum SlideDeckRefusal
{
    None = 0,
    NotReadable = 1,
    TooManyPages = 2,
}

/// <summary>A deck as the host sees it. <see cref="Stalled"/>: still "rendering" but nobody has worked on it for minutes (its node stopped).</summary>
public sealed record SlideDeckView(Guid Id, int SessionId, string FileName, SlideDeckState State, int Pages, int Rendered, string? Error,
    DateTimeOffset CreatedAt, bool Stalled);

/// <summary>One rendered page, open for reading.</summary>
public sealed record SlideImage(Stream Content, DateTimeOffset LastModified);

/// <summary>Told when a session's shown deck changes (a new one is ready, or the deck was removed); Web updates the live room.</summary>
public interface ISlideDeckEvents
{
    Task DeckChangedAsync(int sessionId, CancellationToken cancellationToken);
}

internal sealed class NoSlideDeckEvents : ISlideDeckEvents
{
    public Task DeckChangedAsync(int sessionId, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// The PDF slides of live lecture-hall sessions. A PDF is checked with pdfinfo in the request (so a
/// file poppler cannot read, or one with too many pages, is refused at once and nothing changes),
/// then rendered in the background by <see cref="SlideDeckWorker"/> into a work folder and published
/// through <see cref="IMediaStorage"/> under the deck's own id, like an asset's files, only when every
/// page is there. Only then does the deck become the session's, replacing the older one.
/// </summary>
public sealed class SlideDecks
{
    /// <summary>A render not touched for this long is taken for dead (its node stopped); a new upload is always possible.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(2);

    private readonly MediaDbContext _db;
    private readonly IMediaStorage _storage;
    private readonly Poppler _poppler;
    private readonly SlideDeckQueue _queue;
    private readonly MediaOptions _options;
    private readonly ISlideDeckEvents _events;
    private readonly TimeProvider _time;

    internal SlideDecks(MediaDbContext db, IMediaStorage storage, Poppler poppler, SlideDeckQueue queue, MediaOptions options, ISlideDeckEvents events, TimeProvider time)
    {
        _db = db;
        _storage = storage;
        _poppler = poppler;
        _queue = queue;
        _options = options;
        _events = events;
        _time = time;
    }

    /// <summary>The largest PDF taken (Media:MaxDeckBytes, default 50 MiB).</summary>
    public long MaxBytes => _options.MaxDeckBytes;

    /// <summary>The most pages a deck may have (Media:MaxDeckPages, default 300).</summary>
    public int MaxPages => _options.MaxDeckPages;

    /// <summary>
    /// Takes a PDF for a session: counts its pages and queues the render. The caller has checked the
    /// size and the "%PDF-" signature. A refusal leaves the session's deck as it was.
    /// </summary>
    public async Task<(SlideDeckRefusal Refusal, SlideDeckView? Deck)> AddAsync(int sessionId, Stream pdf, string fileName, string ownerId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var id = Guid.NewGuid();
        var folder = _storage.CreateWorkFolder(id);
        var path = Path.Combine(folder, "deck.pdf");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await pdf.CopyToAsync(file, cancellationToken);
            }

            var pages = await _poppler.CountPagesAsync(path, cancellationToken);
            var refusal = pages is null or 0 ? SlideDeckRefusal.NotReadable : pages > _options.MaxDeckPages ? SlideDeckRefusal.TooManyPages : SlideDeckRefusal.None;
            if (refusal != SlideDeckRefusal.None)
            {
                Directory.Delete(folder, recursive: true);
                return (refusal, null);
            }

            var deck = new SlideDeck(id, sessionId, Path.GetFileName(fileName), ownerId, pages!.Value, _time.GetUtcNow());
            _db.SlideDecks.Add(deck);
            await _db.SaveChangesAsync(cancellationToken);
            _queue.Enqueue(new SlideDeckJob(id, folder));
            return (SlideDeckRefusal.None, View(deck));
        }
        catch
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            throw;
        }
    }

    /// <summary>The deck the session shows: its newest ready one.</summary>
    public async Task<SlideDeckView?> CurrentAsync(int sessionId, CancellationToken cancellationToken) =>
        (await _db.SlideDecks.AsNoTracking().Where(d => d.SessionId == sessionId && d.State == SlideDeckState.Ready).ToListAsync(cancellationToken))
        .MaxBy(d => d.CreatedAt) is { } deck ? View(deck) : null;

    /// <summary>The session's newest deck in any state: what the console shows as the upload's progress or failure.</summary>
    public async Task<SlideDeckView?> LatestAsync(int sessionId, CancellationToken cancellationToken) =>
        (await _db.SlideDecks.AsNoTracking().Where(d => d.SessionId == sessionId).ToListAsync(cancellationToken))
        .MaxBy(d => d.CreatedAt) is { } deck ? View(deck) : null;

    /// <summary>Page <paramref name="page"/> (from 1) of a ready deck of the session; null when there is no such page.</summary>
    public async Task<SlideImage?> OpenPageAsync(int sessionId, Guid deckId, int page, CancellationToken cancellationToken)
    {
        var ready = await _db.SlideDecks.AsNoTracking()
            .AnyAsync(d => d.Id == deckId && d.SessionId == sessionId && d.State == SlideDeckState.Ready && page >= 1 && page <= d.Pages, cancellationToken);
        if (!ready || await _storage.OpenReadAsync(deckId, PageName(page), cancellationToken) is not { } file)
        {
            return null;
        }

        return new SlideImage(file.Content, file.LastModified);
    }

    /// <summary>Removes every deck of the session (a render under way is dropped when it finishes).</summary>
    public async Task RemoveAsync(int sessionId, CancellationToken cancellationToken)
    {
        var decks = await _db.SlideDecks.Where(d => d.SessionId == sessionId).ToListAsync(cancellationToken);
        _db.SlideDecks.RemoveRange(decks);
        await _db.SaveChangesAsync(cancellationToken);
        foreach (var deck in decks.Where(d => d.State != SlideDeckState.Rendering))
        {
            await _storage.DeleteAssetAsync(deck.Id, cancellationToken);
        }

        await _events.DeckChangedAsync(sessionId, cancellationToken);
    }

    internal static string PageName(int page) => page.ToString(CultureInfo.InvariantCulture) + ".jpg";

    /// <summary>Renders a queued deck, publishes its pages and makes it the session's; a failure leaves the older deck shown.</summary>
    internal async Task RenderAsync(SlideDeckJob job, CancellationToken cancellationToken)
    {
        try
        {
            var deck = await _db.SlideDecks.SingleOrDefaultAsync(d => d.Id == job.DeckId, cancellationToken);
            if (deck is null)
            {
                return;
            }

            var pages = Directory.CreateDirectory(Path.Combine(job.Folder, "pages")).FullName;
            var reported = DateTimeOffset.MinValue;
            var error = await _poppler.RenderAsync(Path.Combine(job.Folder, "deck.pdf"), pages, _options.DeckImageSize, async page =>
            {
                // A write a second at most: a 300-page deck should not mean 300 updates.
                if (_time.GetUtcNow() - reported >= TimeSpan.FromSeconds(1) || page == deck.Pages)
                {
                    deck.Progressed(page, _time.GetUtcNow());
                    await _db.SaveChangesAsync(cancellationToken);
                    reported = _time.GetUtcNow();
                }
            }, cancellationToken);
            var rendered = Directory.GetFiles(pages, "p-*.jpg").Order(StringComparer.Ordinal).ToList();
            if (error is null && rendered.Count != deck.Pages)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"pdftoppm wrote {rendered.Count} of {deck.Pages} pages.");
            }

            if (error is not null)
            {
                deck.Failed(error, _time.GetUtcNow());
                await _db.SaveChangesAsync(cancellationToken);
                return;
            }

            // p-001.jpg … as pdftoppm pads them; plain page numbers in storage.
            for (var i = 0; i < rendered.Count; i++)
            {
                File.Move(rendered[i], Path.Combine(pages, PageName(i + 1)));
            }

            await _storage.PublishAsync(deck.Id, pages, cancellationToken);
            await FinishAsync(deck.Id, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Removed while it rendered: what was published goes too.
            await _storage.DeleteAssetAsync(job.DeckId, CancellationToken.None);
        }
        finally
        {
            if (Directory.Exists(job.Folder))
            {
                Directory.Delete(job.Folder, recursive: true);
            }
        }
    }

    internal async Task FailAsync(Guid deckId, string error, CancellationToken cancellationToken)
    {
        _db.ChangeTracker.Clear();
        if (await _db.SlideDecks.SingleOrDefaultAsync(d => d.Id == deckId, cancellationToken) is { State: SlideDeckState.Rendering } deck)
        {
            deck.Failed(error, _time.GetUtcNow());
            await _db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The published deck becomes the session's unless it was removed meanwhile or a newer upload is
    /// already shown; older decks (and their images) go.
    /// </summary>
    private async Task FinishAsync(Guid deckId, CancellationToken cancellationToken)
    {
        _db.ChangeTracker.Clear();
        var deck = await _db.SlideDecks.SingleOrDefaultAsync(d => d.Id == deckId, cancellationToken);
        if (deck is null)
        {
            await _storage.DeleteAssetAsync(deckId, cancellationToken);
            return;
        }

        var others = await _db.SlideDecks.Where(d => d.SessionId == deck.SessionId && d.Id != deck.Id).ToListAsync(cancellationToken);
        if (others.Any(d => d.State == SlideDeckState.Ready && d.CreatedAt > deck.CreatedAt))
        {
            _db.SlideDecks.Remove(deck);
            await _db.SaveChangesAsync(cancellationToken);
            await _storage.DeleteAssetAsync(deckId, cancellationToken);
            return;
        }

        deck.Completed(_time.GetUtcNow());
        var older = others.Where(d => d.CreatedAt < deck.CreatedAt && d.State != SlideDeckState.Rendering).ToList();
        _db.SlideDecks.RemoveRange(older);
        await _db.SaveChangesAsync(cancellationToken);
        foreach (var old in older)
        {
            await _storage.DeleteAssetAsync(old.Id, cancellationToken);
        }

        await _events.DeckChangedAsync(deck.SessionId, cancellationToken);
    }

    private SlideDeckView View(SlideDeck d) => new(d.Id, d.SessionId, d.FileName, d.State, d.Pages, d.Rendered, d.Error, d.CreatedAt,
        d.State == SlideDeckState.Rendering && _time.GetUtcNow() - d.UpdatedAt > StallAfter);
}
