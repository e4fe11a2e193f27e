using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Rules;

/// <summary>
/// The stored rule sets: which one is active for a year, and the administrator's edits. A year
/// nobody has configured starts from the latest earlier year's sets as the administrators left them
/// (thresholds, settings, active preset); only a year with no earlier one starts from the presets,
/// the provincial one active.
/// </summary>
public sealed class RuleBook(CoursesDbContext db)
{
    /// <summary>The active rule set of a year, read-only; for a year with none stored, the one it would start with.</summary>
    public async Task<RuleSet> ActiveAsync(int year, CancellationToken cancellationToken = default)
    {
        var active = await db.RuleSets.AsNoTracking().Include(s => s.Rules)
            .Where(s => s.Year == year && s.Active).FirstOrDefaultAsync(cancellationToken);
        if (active is not null)
        {
            return active;
        }

        // Not stored (yet): a report of the first hour of a year, before the year is opened, already sees the
        // carried-forward rules rather than the presets it would otherwise flip back to.
        var (sets, _) = await NewYearAsync(year, cancellationToken);
        return sets.First(s => s.Active);
    }

    public async Task<IReadOnlyList<RuleSet>> YearAsync(int year, CancellationToken cancellationToken = default)
    {
        await EnsureYearAsync(year, cancellationToken);
        return await db.RuleSets.AsNoTracking().Include(s => s.Rules)
            .Where(s => s.Year == year).OrderBy(s => s.Preset).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken = default) =>
        await db.RuleSets.AsNoTracking().Select(s => s.Year).Distinct().OrderByDescending(y => y).ToListAsync(cancellationToken);

    /// <summary>Stores the year's starting rule sets (see <see cref="NewYearAsync"/>) unless it already has rule sets.</summary>
    public async Task EnsureYearAsync(int year, CancellationToken cancellationToken = default)
    {
        if (await db.RuleSets.AnyAsync(s => s.Year == year, cancellationToken))
        {
            return;
        }

        var (sets, _) = await NewYearAsync(year, cancellationToken);
        db.RuleSets.AddRange(sets);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request or node stored the same year first (a year and preset are unique); its rows are as good as ours.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The rule sets a year starts with when nobody has set it up, not stored: copies of the latest earlier
    /// year's sets with <c>From</c> that year, or both presets (the provincial one active) and no <c>From</c> when
    /// there is no earlier year. The latest, not strictly the previous, so a year LearnHub did not run in does
    /// not throw the administrators' thresholds away.
    /// </summary>
    public async Task<(IReadOnlyList<RuleSet> Sets, int? From)> NewYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var from = await db.RuleSets.Where(s => s.Year < year).MaxAsync(s => (int?)s.Year, cancellationToken);
        if (from is not { } earlierYear)
        {
            return ([RulePresets.Create(RulePreset.Provincial, year), RulePresets.Create(RulePreset.National, year)], null);
        }

        var earlier = await db.RuleSets.AsNoTracking().Include(s => s.Rules)
            .Where(s => s.Year == earlierYear).OrderBy(s => s.Preset).ToListAsync(cancellationToken);
        var sets = earlier.Select(s => s.CopyTo(year)).ToList();
        foreach (var preset in Enum.GetValues<RulePreset>().Where(p => sets.TrueForAll(s => s.Preset != p)))
        {
            var missing = RulePresets.Create(preset, year);
            missing.Active = false;
            sets.Add(missing);
        }

        // Exactly one set is active in a year; an earlier year without one falls back to the provincial preset.
        if (!sets.Exists(s => s.Active))
        {
            sets.First(s => s.Preset == RulePreset.Provincial).Active = true;
        }

        return (sets, earlierYear);
    }

    public async Task<bool> ActivateAsync(int year, RulePreset preset, CancellationToken cancellationToken = default)
    {
        var sets = await db.RuleSets.Where(s => s.Year == year).ToListAsync(cancellationToken);
        if (!sets.Any(s => s.Preset == preset))
        {
            return false;
        }

        foreach (var set in sets)
        {
            set.Active = set.Preset == preset;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<RuleSet?> FindForEditAsync(int id, CancellationToken cancellationToken = default) =>
        db.RuleSets.Include(s => s.Rules).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task SaveAsync(CancellationToken cancellationToken = default) => db.SaveChangesAsync(cancellationToken);
}

/// <summary>The ledger's question "which conversion is in force this year", answered from the year's active rule set.</summary>
internal sealed class ActiveOnlineCredit(RuleBook rules) : IOnlineCreditRules
{
    public async Task<OnlineCreditSettings> ForYearAsync(int year, CancellationToken cancellationToken) =>
        (await rules.ActiveAsync(year, cancellationToken)).OnlineCredit;
}
