using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Ledger;

public enum CreditOutcome
{
    Credited,
    AlreadyCredited,
}

public enum ReversalOutcome
{
    Reversed,
    NotFound,
    AlreadyReversed,
    IsReversal,
}

/// <summary>
/// The only writer of the training-hour ledger. Credits with a key are idempotent; corrections
/// are reversing entries with a reason and the acting user.
/// </summary>
public sealed class TrainingLedger(CoursesDbContext db, TimeProvider clock)
{
    public const string System = "system";

    /// <summary>Hours are credited in quarter hours; anything finer is a caller's mistake.</summary>
    public const decimal Granularity = 0.25m;

    public async Task<CreditOutcome> CreditAsync(LedgerCredit credit, CancellationToken cancellationToken = default) =>
        await CreditOneAsync(credit, cancellationToken) is null ? CreditOutcome.AlreadyCredited : CreditOutcome.Credited;

    /// <summary>The new entry, or null when its key was already credited.</summary>
    private async Task<LedgerEntry?> CreditOneAsync(LedgerCredit credit, CancellationToken cancellationToken)
    {
        Validate(credit);
        if (credit.CreditKey is not null && await IsCreditedAsync(credit.PersonId, credit.CreditKey, cancellationToken))
        {
            return null;
        }

        var entry = LedgerEntry.Credit(credit, clock.GetUtcNow());
        db.LedgerEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return entry;
        }
        catch (DbUpdateException) when (credit.CreditKey is not null)
        {
            // Lost a race with the same credit arriving twice at once: the unique key kept the ledger right.
            db.Entry(entry).State = EntityState.Detached;
            if (await IsCreditedAsync(credit.PersonId, credit.CreditKey, cancellationToken))
            {
                return null;
            }

            throw;
        }
    }

    /// <summary>
    /// Credits many lines in one round trip: one query for the keys already credited, one save. Imports
    /// and the closing of a session use it; a round trip per line made a few hundred rows take seconds.
    /// Returns, in order, each new entry (with its id), or null where the key was already credited,
    /// earlier or by a line before it in the same batch. <paramref name="recordedAt"/> lets demo data be
    /// recorded when it would have been; everyone else records now.
    /// </summary>
    public Task<IReadOnlyList<LedgerEntry?>> CreditManyAsync(IReadOnlyList<LedgerCredit> credits, DateTimeOffset? recordedAt = null,
        CancellationToken cancellationToken = default)
    {
        var at = recordedAt ?? clock.GetUtcNow();
        return CreditManyAsync(credits, _ => at, cancellationToken);
    }

    /// <summary>As above, each line recorded when <paramref name="recordedAt"/> says (demo history spread over a year).</summary>
    public async Task<IReadOnlyList<LedgerEntry?>> CreditManyAsync(IReadOnlyList<LedgerCredit> credits, Func<LedgerCredit, DateTimeOffset> recordedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credits);
        ArgumentNullException.ThrowIfNull(recordedAt);
        foreach (var credit in credits)
        {
            Validate(credit);
        }

        var keys = credits.Where(c => c.CreditKey is not null).Select(c => c.CreditKey!).Distinct().ToList();
        var people = credits.Where(c => c.CreditKey is not null).Select(c => c.PersonId).Distinct().ToList();
        var taken = keys.Count == 0 ? [] : (await db.LedgerEntries
                .Where(e => e.CreditKey != null && keys.Contains(e.CreditKey) && people.Contains(e.PersonId))
                .Select(e => new { e.PersonId, e.CreditKey }).ToListAsync(cancellationToken))
            .Select(e => (e.PersonId, e.CreditKey!)).ToHashSet();
        var entries = new List<LedgerEntry?>(credits.Count);
        foreach (var credit in credits)
        {
            var fresh = credit.CreditKey is not { } key || taken.Add((credit.PersonId, key));
            entries.Add(fresh ? db.LedgerEntries.Add(LedgerEntry.Credit(credit, recordedAt(credit))).Entity : null);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return entries;
        }
        catch (DbUpdateException) when (credits.Any(c => c.CreditKey is not null))
        {
            // Someone credited one of these keys meanwhile: fall back to one at a time, which settles each race.
            foreach (var entry in entries.OfType<LedgerEntry>())
            {
                db.Entry(entry).State = EntityState.Detached;
            }

            var settled = new List<LedgerEntry?>(credits.Count);
            foreach (var credit in credits)
            {
                settled.Add(await CreditOneAsync(credit, cancellationToken));
            }

            return settled;
        }
    }

    private static void Validate(LedgerCredit credit)
    {
        ArgumentNullException.ThrowIfNull(credit);
        if (credit.Hours == 0 || credit.Hours % Granularity != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(credit), credit.Hours, "Hours must be a non-zero multiple of 0.25.");
        }
    }

    public Task<bool> IsCreditedAsync(int personId, string creditKey, CancellationToken cancellationToken = default) =>
        db.LedgerEntries.AnyAsync(e => e.PersonId == personId && e.CreditKey == creditKey, cancellationToken);

    /// <summary>Cancels an entry with a new, opposite entry. The original stays as it was.</summary>
    public async Task<ReversalOutcome> ReverseAsync(long entryId, string reason, string recordedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordedBy);
        var original = await db.LedgerEntries.SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken);
        if (original is null)
        {
            return ReversalOutcome.NotFound;
        }

        if (original.ReversesEntryId is not null)
        {
            return ReversalOutcome.IsReversal;
        }

        if (await db.LedgerEntries.AnyAsync(e => e.ReversesEntryId == entryId, cancellationToken))
        {
            return ReversalOutcome.AlreadyReversed;
        }

        var reversal = original.Reversal(reason.Trim(), recordedBy, clock.GetUtcNow());
        db.LedgerEntries.Add(reversal);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return ReversalOutcome.Reversed;
        }
        catch (DbUpdateException)
        {
            db.Entry(reversal).State = EntityState.Detached;
            return ReversalOutcome.AlreadyReversed;
        }
    }

    /// <summary>
    /// Of <paramref name="people"/>, those holding a credit for <paramref name="reference"/> that has not
    /// been reversed, under a key other than <paramref name="ownKey"/>. A lecture-hall session is one
    /// training whether it was attended in the room or in its live broadcast: each way credits under
    /// its own key, and each asks this first so a person who did both is credited once.
    /// </summary>
    public async Task<HashSet<int>> HoldersOfAsync(string reference, string ownKey, IReadOnlyCollection<int> people,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (people.Count == 0)
        {
            return [];
        }

        var holders = await db.LedgerEntries
            .Where(e => e.Reference == reference && e.CreditKey != ownKey && e.Hours > 0 && e.ReversesEntryId == null && people.Contains(e.PersonId)
                && !db.LedgerEntries.Any(r => r.ReversesEntryId == e.Id))
            .Select(e => e.PersonId).Distinct().ToListAsync(cancellationToken);
        return [.. holders];
    }

    /// <summary>A person's entries, oldest first, for one calendar year or all years.</summary>
    public Task<List<LedgerEntry>> EntriesAsync(int personId, int? year = null, CancellationToken cancellationToken = default)
    {
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.PersonId == personId);
        if (year is { } y)
        {
            var from = new DateOnly(y, 1, 1);
            var to = new DateOnly(y + 1, 1, 1);
            query = query.Where(e => e.Date >= from && e.Date < to);
        }

        return query.OrderBy(e => e.Date).ThenBy(e => e.Id).ToListAsync(cancellationToken);
    }
}
