using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Rules;

/// <summary>Which people a compliance report covers, on top of what the caller may see.</summary>
public sealed record ComplianceFilter(int? OrganizationId = null, Tier? Tier = null, OrganizationField? Field = null,
    OrganizationKind? Kind = null, EvaluationGrade? Grade = null);

/// <summary>
/// One person's standing in a year: the rules' outcomes and, when asked for, the person's plan (whose
/// <see cref="Plan.Counts"/> are the plan's numbers everywhere).
/// </summary>
public sealed record PersonCompliance(int PersonId, string Name, int OrganizationId, string OrganizationName, Tier Tiers,
    TrainingTotals Totals, IReadOnlyList<RuleOutcome> Outcomes, PersonPlan? Plan = null)
{
    /// <summary>
    /// The person's one status: not met when any rule is not met, due when any is still due, met when all are;
    /// null when no rule binds the person.
    /// </summary>
    public ComplianceStatus? Status { get; } = Outcomes.Count == 0 ? null
        : Outcomes.Any(o => o.Status == ComplianceStatus.NotMet) ? ComplianceStatus.NotMet
        : Outcomes.Any(o => o.Status == ComplianceStatus.Due) ? ComplianceStatus.Due
        : ComplianceStatus.Met;

    /// <summary>Bound by at least one rule and meeting all of them.</summary>
    public bool Compliant => Status == ComplianceStatus.Met;

    /// <summary>Bound and not (yet) meeting every rule: the people the dashboard lists, counts and exports as falling short.</summary>
    public bool FallsShort => Status is ComplianceStatus.Due or ComplianceStatus.NotMet;
}

public sealed record RuleTierRate(ComplianceRule Rule, Tier Tier, int Bound, int Met)
{
    public decimal Rate => Bound == 0 ? 0 : (decimal)Met / Bound;
}

/// <summary>An organization's people by status; <see cref="FallsShort"/> (due or not met) are the ones the shortfall list shows.</summary>
public sealed record OrganizationRate(int OrganizationId, string Name, int People, int Bound, int Compliant, int Due, int NotMet)
{
    public int FallsShort => Due + NotMet;

    public decimal Rate => Bound == 0 ? 0 : (decimal)Compliant / Bound;
}

/// <summary>The share of bound people meeting every rule at the end of a month.</summary>
public sealed record MonthPoint(int Month, int Bound, int Compliant)
{
    public decimal Rate => Bound == 0 ? 0 : (decimal)Compliant / Bound;
}

public sealed record ComplianceReport(int Year, RuleSet RuleSet, IReadOnlyList<PersonCompliance> People,
    IReadOnlyList<RuleTierRate> ByRuleAndTier, IReadOnlyList<OrganizationRate> ByOrganization, IReadOnlyList<MonthPoint> Monthly)
{
    public int Bound => People.Count(p => p.Outcomes.Count > 0);

    public int Compliant => People.Count(p => p.Compliant);

    /// <summary>
    /// The people falling short, those with a rule not met first, then by organization and name: the one list the
    /// dashboard's heading counts, its table shows and the exports write (Bound = Compliant + this list's length).
    /// </summary>
    public IReadOnlyList<PersonCompliance> Shortfalls { get; } = [.. People.Where(p => p.FallsShort)
        .OrderBy(p => p.Status == ComplianceStatus.NotMet ? 0 : 1)
        .ThenBy(p => p.OrganizationName, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.PersonId)];
}

/// <summary>A person's year: their standing, the lines behind it and the years they have lines in.</summary>
/// <param name="References">Per entry id, what its reference names as a reader knows it (a course's or session's
/// title, a certificate number), in place of the stored key; missing when it names nothing that still exists.</param>
public sealed record PersonHours(PersonProfile Person, int Year, RuleSet RuleSet, TrainingTotals Totals,
    IReadOnlyList<RuleOutcome> Outcomes, IReadOnlyList<LedgerEntry> Entries, IReadOnlySet<long> ReversedIds, IReadOnlyList<int> Years,
    IReadOnlyDictionary<long, string> References);

/// <summary>
/// Compliance read side. Reports aggregate the ledger per person (and month) in the database, so a
/// province's millions of lines become one small row set, then apply the engine in memory.
/// </summary>
public sealed class ComplianceQueries(CoursesDbContext db, RuleBook rules, CurriculumQueries profiles, PlanQueries plans, ProgrammeClock clock)
{
    public DateOnly Today => clock.Today;

    public async Task<PersonHours?> PersonAsync(int personId, int year, CancellationToken cancellationToken = default)
    {
        var profile = await profiles.ProfileAsync(personId, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var set = await rules.ActiveAsync(year, cancellationToken);
        // The new-secretary window can start in the previous year, so its centralized credits count too.
        var from = new DateOnly(year - 1, 1, 1);
        var to = new DateOnly(year + 1, 1, 1);
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.PersonId == personId && e.Date >= from && e.Date < to)
            .OrderBy(e => e.Date).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var lines = entries.Select(e => new LedgerLine(e.Id, e.Date, e.Hours, e.Source, e.Centralized, e.ReversesEntryId)).ToList();
        var totals = TrainingTotals.From(lines, year);
        var curricula = await CurriculaAsync(set, NeedsPlans(set) ? await plans.ForPeopleAsync(db.People.Where(p => p.Id == personId), year, cancellationToken) : [],
            year, cancellationToken);
        var (planned, complete) = curricula.GetValueOrDefault(personId);
        var outcomes = ComplianceEngine.Evaluate(set, new PersonStanding(profile.Tiers, profile.Positions, planned, complete), totals, Today);
        var years = await db.LedgerEntries.AsNoTracking().Where(e => e.PersonId == personId)
            .Select(e => e.Date.Year).Distinct().ToListAsync(cancellationToken);
        years.Add(Today.Year);
        years.Add(year);
        var shown = entries.Where(e => e.Date.Year == year).ToList();
        return new PersonHours(profile, year, set, totals, outcomes, shown,
            entries.Where(e => e.ReversesEntryId is not null).Select(e => e.ReversesEntryId!.Value).ToHashSet(),
            years.Distinct().OrderDescending().ToList(), await ReferencesAsync(shown, cancellationToken));
    }

    /// <summary>
    /// The titles behind stored keys such as "course:7" or "session:3", one query per kind for the whole list; a
    /// reference typed by hand is shown as it is.
    /// </summary>
    private async Task<IReadOnlyDictionary<long, string>> ReferencesAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var parsed = entries.Where(e => e.Reference.Length > 0)
            .Select(e => (e.Id, e.Reference, Parsed: LedgerReference.TryParse(e.Reference, out var r) ? r : (LedgerReference?)null)).ToList();
        var ids = (LedgerReferenceKind[] kinds) => parsed.Where(p => p.Parsed is { } r && kinds.Contains(r.Kind)).Select(p => p.Parsed!.Value.Id).Distinct().ToList();
        var courseIds = ids([LedgerReferenceKind.Course]);
        var sessionIds = ids([LedgerReferenceKind.Session, LedgerReferenceKind.Live]);
        var seriesIds = ids([LedgerReferenceKind.Class]);
        var courses = courseIds.Count == 0 ? new Dictionary<int, string>() : await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);
        var sessions = sessionIds.Count == 0 ? new Dictionary<int, string>() : await db.LectureHallSessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .Select(s => new { s.Id, Series = s.Series!.Title, s.Topic })
            .ToDictionaryAsync(s => s.Id, s => s.Topic.Length == 0 ? s.Series : $"{s.Series} · {s.Topic}", cancellationToken);
        var series = seriesIds.Count == 0 ? new Dictionary<int, string>() : await db.LectureHallSeries.AsNoTracking().Where(s => seriesIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Title, cancellationToken);
        var texts = new Dictionary<long, string>();
        foreach (var (id, reference, parsedReference) in parsed)
        {
            var text = parsedReference is not { } r ? reference : r.Kind switch
            {
                LedgerReferenceKind.Course => courses.GetValueOrDefault(r.Id),
                LedgerReferenceKind.Session or LedgerReferenceKind.Live => sessions.GetValueOrDefault(r.Id),
                LedgerReferenceKind.Class => series.GetValueOrDefault(r.Id),
                _ => r.ExternalId,
            };
            if (!string.IsNullOrEmpty(text))
            {
                texts[id] = text;
            }
        }

        return texts;
    }

    /// <summary>
    /// One person's year as every page shows it: their standing and their plan (null when the person does not exist).
    /// </summary>
    public async Task<PersonCompliance?> PersonYearAsync(int personId, int year, CancellationToken cancellationToken = default) =>
        (await ReportAsync(db.People.Where(p => p.Id == personId), new ComplianceFilter(), year, withPlans: true, cancellationToken)).People.SingleOrDefault();

    /// <summary>
    /// The curriculum completion overview from the report's rows: each person's plan (and so its counts) and standing are
    /// the ones the person's own page and the API show.
    /// </summary>
    public async Task<(ComplianceReport Report, IReadOnlyList<CompletionCell> Cells)> CompletionAsync(IQueryable<Person> visible, int year,
        CancellationToken cancellationToken = default)
    {
        var report = await ReportAsync(visible, new ComplianceFilter(), year, withPlans: true, cancellationToken);
        return (report, await plans.CompletionAsync(report.People.Select(p => p.Plan!).ToList(), year, cancellationToken));
    }

    /// <summary>The report over <paramref name="visible"/> (already limited to what the caller may see) narrowed by the filter.</summary>
    public Task<ComplianceReport> ReportAsync(IQueryable<Person> visible, ComplianceFilter filter, int year, CancellationToken cancellationToken = default) =>
        ReportAsync(visible, filter, year, withPlans: false, cancellationToken);

    /// <summary>
    /// The report, and with <paramref name="withPlans"/> each person's plan on their row: the one place the plans'
    /// counts and the compliance statuses come from for the pages, the exports and the API.
    /// </summary>
    public async Task<ComplianceReport> ReportAsync(IQueryable<Person> visible, ComplianceFilter filter, int year, bool withPlans,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visible);
        ArgumentNullException.ThrowIfNull(filter);
        var people = Apply(visible.AsNoTracking(), filter);
        var set = await rules.ActiveAsync(year, cancellationToken);
        var today = Today;
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year + 1, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);

        var rows = await people.OrderBy(p => p.Organization!.Name).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Name, p.OrganizationId, Organization = p.Organization!.Name, p.Tiers })
            .ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id);

        // One row per person, month, source and centralized flag: sums only, computed by the database.
        // Joined from the people (not "ledger where person in …") so both databases walk the
        // (person, date) index person by person instead of scanning the whole ledger.
        var groups = await (
                from p in people
                join e in db.LedgerEntries.AsNoTracking() on p.Id equals e.PersonId
                where e.Date >= @from && e.Date < to
                group e by new { e.PersonId, e.Date.Month, e.Source, e.Centralized } into g
                select new
                {
                    g.Key.PersonId,
                    g.Key.Month,
                    g.Key.Source,
                    g.Key.Centralized,
                    Hours = g.Sum(e => e.Hours),
                    // A positive credit is a training; a reversal of one takes it back.
                    Trainings = g.Sum(e => e.ReversesEntryId == null ? (e.Hours > 0 ? 1 : 0) : (e.Hours < 0 ? -1 : 0)),
                })
            .ToListAsync(cancellationToken);

        // Secretaries whose six-month window touches the year, and their centralized credits in reach of it.
        var longestWindow = set.Rules.Where(r => r.Kind == RuleKind.NewSecretary).Select(r => r.WindowMonths).DefaultIfEmpty(0).Max();
        var windowStart = from.AddMonths(-longestWindow);
        var appointments = longestWindow == 0 ? [] : await db.Set<PersonPosition>().AsNoTracking()
            .Where(x => ids.Contains(x.PersonId) && x.Kind == PositionKind.Secretary && x.EndedOn == null && x.AppointedOn >= windowStart && x.AppointedOn <= yearEnd)
            .Select(x => new { Id = x.PersonId, x.AppointedOn })
            .ToListAsync(cancellationToken);
        var secretaryIds = appointments.Select(a => a.Id).Distinct().ToList();
        var windowCredits = secretaryIds.Count == 0 ? [] : await db.LedgerEntries.AsNoTracking()
            .Where(e => secretaryIds.Contains(e.PersonId) && e.Centralized && e.ReversesEntryId == null && e.Hours > 0 &&
                e.Date >= windowStart && e.Date < to && !db.LedgerEntries.Any(r => r.ReversesEntryId == e.Id))
            .Select(e => new { e.PersonId, e.Date })
            .ToListAsync(cancellationToken);

        var months = new Dictionary<int, MonthTotals>(rows.Count);
        foreach (var g in groups)
        {
            if (!months.TryGetValue(g.PersonId, out var totals))
            {
                months[g.PersonId] = totals = new MonthTotals();
            }

            totals.Add(g.Month, g.Source, g.Centralized, g.Hours, g.Centralized ? g.Trainings : 0);
        }
        IReadOnlyList<PersonPlan> personPlans = withPlans || NeedsPlans(set) ? await plans.ForPeopleAsync(people, year, cancellationToken) : [];
        var curricula = await CurriculaAsync(set, personPlans, year, cancellationToken);
        var planOf = withPlans ? personPlans.ToDictionary(p => p.PersonId) : [];

        var appointmentsByPerson = appointments.ToLookup(a => a.Id, a => (PositionKind.Secretary, a.AppointedOn));
        var datesByPerson = windowCredits.ToLookup(c => c.PersonId, c => c.Date);
        var lastMonth = year < today.Year ? 12 : year > today.Year ? 0 : today.Month;
        var monthEnds = Enumerable.Range(0, 13).Select(m => m == 0 ? from : new DateOnly(year, m, 1).AddMonths(1).AddDays(-1))
            .Select(d => d < today ? d : today).ToArray();
        var monthlyBound = new int[13];
        var monthlyCompliant = new int[13];
        var result = new List<PersonCompliance>(rows.Count);
        var none = new MonthTotals();
        foreach (var row in rows)
        {
            var positions = appointmentsByPerson[row.Id].ToList();
            // Curriculum completion is today's; the monthly points reuse it (plans are not kept per month).
            var (planned, complete) = curricula.GetValueOrDefault(row.Id);
            var standing = new PersonStanding(row.Tiers, positions, planned, complete);
            var totals = months.GetValueOrDefault(row.Id) ?? none;
            var dates = positions.Count == 0 ? [] : datesByPerson[row.Id].Order().ToList();
            var yearTotals = totals.Through(12, dates, withSources: true);
            var outcomes = ComplianceEngine.Evaluate(set, standing, yearTotals, today);
            result.Add(new PersonCompliance(row.Id, row.Name, row.OrganizationId, row.Organization, row.Tiers, yearTotals, outcomes, planOf.GetValueOrDefault(row.Id)));
            if (outcomes.Count == 0 && positions.Count == 0)
            {
                // Bound by no rule all year (annual rules follow the tiers; only a recent appointment adds one).
                continue;
            }

            // The chart: standing at the end of each month. Without an appointment only the running
            // totals decide it, so a month that added nothing repeats the month before.
            bool? compliant = null;
            var bound = false;
            for (var month = 1; month <= lastMonth; month++)
            {
                // Annual rules only ask for at least so much, so a compliant person stays compliant until
                // a month takes something back (a reversal).
                if (compliant is null || positions.Count > 0 || (totals.Changed(month) && !(compliant == true && totals.OnlyAdds(month))))
                {
                    var asOf = monthEnds[month];
                    var atMonth = ComplianceEngine.Evaluate(set, standing, totals.Through(month, positions.Count == 0 ? dates : dates.Where(d => d <= asOf).ToList(), withSources: false), asOf);
                    bound = atMonth.Count > 0;
                    compliant = bound && atMonth.All(o => o.Status == ComplianceStatus.Met);
                }

                if (bound)
                {
                    monthlyBound[month]++;
                    if (compliant == true)
                    {
                        monthlyCompliant[month]++;
                    }
                }
            }
        }

        var byRuleAndTier = new List<RuleTierRate>();
        foreach (var rule in set.Rules.OrderBy(r => r.Order))
        {
            foreach (var tier in TierRules.Split(rule.Tiers))
            {
                var bound = result.Where(p => p.Tiers.HasFlag(tier)).Select(p => p.Outcomes.FirstOrDefault(o => o.Rule == rule)).Where(o => o is not null).ToList();
                byRuleAndTier.Add(new RuleTierRate(rule, tier, bound.Count, bound.Count(o => o!.Status == ComplianceStatus.Met)));
            }
        }

        var byOrganization = result.GroupBy(p => (p.OrganizationId, p.OrganizationName))
            .Select(g => new OrganizationRate(g.Key.OrganizationId, g.Key.OrganizationName, g.Count(),
                g.Count(p => p.Outcomes.Count > 0), g.Count(p => p.Compliant),
                g.Count(p => p.FallsShort && p.Outcomes.All(o => o.Status != ComplianceStatus.NotMet)),
                g.Count(p => p.Outcomes.Any(o => o.Status == ComplianceStatus.NotMet))))
            .OrderBy(o => o.Rate).ThenBy(o => o.Name, StringComparer.Ordinal).ToList();
        var monthly = Enumerable.Range(1, lastMonth).Select(m => new MonthPoint(m, monthlyBound[m], monthlyCompliant[m])).ToList();
        return new ComplianceReport(year, set, result, byRuleAndTier, byOrganization, monthly);
    }

    /// <summary>Whether the set judges by plans (a curriculum-complete rule): only then do plans have to be loaded for it.</summary>
    private static bool NeedsPlans(RuleSet set) => set.Rules.Any(r => r.Kind == RuleKind.CurriculumComplete);

    /// <summary>
    /// For a rule set with a curriculum-complete rule: each person's tiers that have a curriculum this year and
    /// those completed, from their plans. Nothing is loaded when the set has no such rule.
    /// </summary>
    private async Task<Dictionary<int, (Tier Planned, Tier Complete)>> CurriculaAsync(RuleSet set, IReadOnlyList<PersonPlan> personPlans, int year,
        CancellationToken cancellationToken)
    {
        if (!NeedsPlans(set))
        {
            return [];
        }

        var withCurriculum = (await db.Curricula.AsNoTracking().Where(c => c.Year == year).Select(c => c.Tier).ToListAsync(cancellationToken))
            .Aggregate(Tier.None, (all, tier) => all | tier);
        var result = new Dictionary<int, (Tier, Tier)>();
        foreach (var plan in personPlans)
        {
            var planned = plan.Tiers & withCurriculum;
            var complete = TierRules.Split(planned).Where(plan.Plan.CurriculumComplete).Aggregate(Tier.None, (all, tier) => all | tier);
            result[plan.PersonId] = (planned, complete);
        }

        return result;
    }

    public static IQueryable<Person> Apply(IQueryable<Person> people, ComplianceFilter filter)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.OrganizationId is { } o) people = people.Where(p => p.OrganizationId == o);
        if (filter.Tier is { } t) people = people.Where(p => (p.Tiers & t) == t);
        if (filter.Field is { } f) people = people.Where(p => (p.Organization!.Field & f) != 0);
        if (filter.Kind is { } k) people = people.Where(p => p.Organization!.Kind == k);
        if (filter.Grade is { } g) people = people.Where(p => p.Organization!.Grade == g);
        return people;
    }

    /// <summary>A person's year by month; a reversal of a centralized credit takes its training back.</summary>
    private sealed class MonthTotals
    {
        private static readonly IReadOnlyDictionary<LedgerSource, decimal> NoSources = new Dictionary<LedgerSource, decimal>();
        private readonly decimal[] _hours = new decimal[13];
        private readonly decimal[] _centralizedHours = new decimal[13];
        private readonly int[] _trainings = new int[13];
        private readonly bool[] _changed = new bool[13];
        private readonly Dictionary<LedgerSource, decimal> _bySource = [];

        public void Add(int month, LedgerSource source, bool centralized, decimal hours, int trainings)
        {
            _hours[month] += hours;
            _trainings[month] += trainings;
            if (centralized)
            {
                _centralizedHours[month] += hours;
            }

            _bySource[source] = _bySource.GetValueOrDefault(source) + hours;
            _changed[month] = true;
        }

        public bool Changed(int month) => _changed[month];

        public bool OnlyAdds(int month) => _hours[month] >= 0 && _centralizedHours[month] >= 0 && _trainings[month] >= 0;

        /// <summary>Totals of the months up to <paramref name="throughMonth"/>; sources only when asked (the engine does not read them).</summary>
        public TrainingTotals Through(int throughMonth, IReadOnlyList<DateOnly> centralizedDates, bool withSources)
        {
            decimal hours = 0, centralizedHours = 0;
            var trainings = 0;
            for (var month = 1; month <= throughMonth; month++)
            {
                hours += _hours[month];
                centralizedHours += _centralizedHours[month];
                trainings += _trainings[month];
            }

            return new TrainingTotals(hours, centralizedHours, trainings, withSources ? new Dictionary<LedgerSource, decimal>(_bySource) : NoSources, centralizedDates);
        }
    }
}
