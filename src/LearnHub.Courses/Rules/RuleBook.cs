using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Rules;

/// <summary>
/// The stored rule sets: which one is active for a year, and the administrator's edits. A year
/// nobody has configured gets the presets, the provincial one active.
/// </summary>
public sealed class RuleBook(CoursesDbContext db, ProgrammeClock clock)
{
    /// <summary>The active rule set of a year, read-only; the provincial preset when the year has none stored.</summary>
    public async Task<RuleSet> ActiveAsync(int year, CancellationToken cancellationToken = default)
    {
        var active = await db.RuleSets.AsNoTracking().Include(s => s.Rules)
            .Where(s => s.Year == year && s.Active).FirstOrDefaultAsync(cancellationToken);
        return active ?? RulePresets.Create(RulePreset.Provincial, year);
    }

    public async Task<IReadOnlyList<RuleSet>> YearAsync(int year, CancellationToken cancellationToken = default)
    {
        await EnsureYearAsync(year, cancellationToken);
        return await db.RuleSets.AsNoTracking().Include(s => s.Rules)
            .Where(s => s.Year == year).OrderBy(s => s.Preset).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<int>> YearsAsync(CancellationToken cancellationToken = default) =>
        await db.RuleSets.AsNoTracking().Select(s => s.Year).Distinct().OrderByDescending(y => y).ToListAsync(cancellationToken);

    /// <summary>Stores both presets for the year unless it already has rule sets.</summary>
    public async Task EnsureYearAsync(int year, CancellationToken cancellationToken = default)
    {
        if (await db.RuleSets.AnyAsync(s => s.Year == year, cancellationToken))
        {
            return;
        }

        db.RuleSets.Add(RulePresets.Create(RulePreset.Provincial, year));
        db.RuleSets.Add(RulePresets.Create(RulePreset.National, year));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request seeded the same year first; its rows are as good as ours.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The current and the previous year, so reports and the admin page have something to show from the first start.</summary>
    public async Task EnsureRecentYearsAsync(CancellationToken cancellationToken = default)
    {
        var year = clock.Year;
        await EnsureYearAsync(year - 1, cancellationToken);
        await EnsureYearAsync(year, cancellationToken);
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
