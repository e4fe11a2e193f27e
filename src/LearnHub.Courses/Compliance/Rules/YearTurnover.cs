using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Rules;

/// <summary>
/// A programme year as LearnHub opened it (年度启动): when, and what it carried forward from the year
/// before because the administrators had not set it up. One row per year, keyed by the year, so the
/// opening happens once however many nodes try it.
/// </summary>
public sealed class ProgrammeYear
{
    public int Year { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>The year whose rule sets were copied; null when the year's rules existed already or began from the presets.</summary>
    public int? RulesCarriedFrom { get; set; }

    /// <summary>How many tiers' curricula were copied from the year before.</summary>
    public int CurriculaCarried { get; set; }

    /// <summary>When the administrators were told what was carried forward; null until they have been.</summary>
    public DateTimeOffset? AdministratorsNotifiedAt { get; set; }

    public bool CarriedForward => RulesCarriedFrom is not null || CurriculaCarried > 0;
}

/// <summary>
/// The year turning over: on or after 1 January (programme time) the new year gets what the administrators
/// have not set up for it — rule sets carried forward from the latest earlier year (<see cref="RuleBook.NewYearAsync"/>),
/// and for each tier with a curriculum last year and none this year, a copy of it. It happens once a year
/// (<see cref="ProgrammeYear"/>); what the administrators made for the year is never replaced or duplicated.
/// The host runs it at start, so a server started on 2 January catches up, and then on the hour.
/// </summary>
public sealed class YearTurnover(CoursesDbContext db, RuleBook rules, ProgrammeClock clock)
{
    /// <summary>Opens the programme's current year unless it is open; returns the year as opened.</summary>
    public Task<ProgrammeYear> RunAsync(CancellationToken cancellationToken = default) => OpenAsync(clock.Year, cancellationToken);

    public async Task<ProgrammeYear> OpenAsync(int year, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryOpenAsync(year, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another node opened the year at the same moment, or an administrator saved a curriculum of a
                // tier being copied: nothing of ours was kept, so look again at what is there now.
                db.ChangeTracker.Clear();
            }
        }
    }

    public Task<ProgrammeYear?> FindAsync(int year, CancellationToken cancellationToken = default) =>
        db.ProgrammeYears.AsNoTracking().SingleOrDefaultAsync(y => y.Year == year, cancellationToken);

    /// <summary>Records that the administrators were told what the year carried forward, so a restart does not tell them again.</summary>
    public Task AdministratorsNotifiedAsync(int year, CancellationToken cancellationToken = default) =>
        db.ProgrammeYears.Where(y => y.Year == year && y.AdministratorsNotifiedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(y => y.AdministratorsNotifiedAt, clock.UtcNow), cancellationToken);

    /// <summary>
    /// The "copy to next year" of the curricula page: copies <paramref name="fromYear"/>'s curricula to
    /// <paramref name="toYear"/> for the tiers that have none there; returns how many were copied.
    /// </summary>
    public async Task<int> CopyCurriculaAsync(int fromYear, int toYear, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var copies = await AddCurriculumCopiesAsync(fromYear, toYear, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return copies;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // A tier got its curriculum meanwhile (the year opening, another administrator): copy the rest.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ProgrammeYear> TryOpenAsync(int year, CancellationToken cancellationToken)
    {
        if (await FindAsync(year, cancellationToken) is { } open)
        {
            return open;
        }

        // All or nothing: a year is never left with its rules carried forward and its curricula not, or the reverse.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(year, cancellationToken) is { } openedMeanwhile)
        {
            return openedMeanwhile;
        }

        var opened = new ProgrammeYear { Year = year, OpenedAt = clock.UtcNow };
        if (!await db.RuleSets.AnyAsync(s => s.Year == year, cancellationToken))
        {
            var (sets, from) = await rules.NewYearAsync(year, cancellationToken);
            db.RuleSets.AddRange(sets);
            opened.RulesCarriedFrom = from;
        }

        opened.CurriculaCarried = await AddCurriculumCopiesAsync(year - 1, year, cancellationToken);
        db.ProgrammeYears.Add(opened);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.Entry(opened).State = EntityState.Detached;
        return opened;
    }

    /// <summary>Adds (does not save) a copy of each of <paramref name="fromYear"/>'s curricula whose tier has none in <paramref name="toYear"/>.</summary>
    private async Task<int> AddCurriculumCopiesAsync(int fromYear, int toYear, CancellationToken cancellationToken)
    {
        var taken = await db.Curricula.Where(c => c.Year == toYear).Select(c => c.Tier).ToListAsync(cancellationToken);
        var sources = await db.Curricula.AsNoTracking().Include(c => c.Courses).Include(c => c.Pools).AsSplitQuery()
            .Where(c => c.Year == fromYear && !taken.Contains(c.Tier)).OrderBy(c => c.Tier).ToListAsync(cancellationToken);
        db.Curricula.AddRange(sources.Select(c => c.CopyTo(toYear)));
        return sources.Count;
    }
}
