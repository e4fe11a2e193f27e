using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Compliance.Assignments;

/// <summary>A person's plan with who they are, for lists and drill-downs.</summary>
public sealed record PersonPlan(int PersonId, string Name, int OrganizationId, string OrganizationName, Tier Tiers, Plan Plan);

/// <summary>What a plan item points at, for display: a course (with where to continue) or a session.</summary>
public sealed record PlanTarget(PlanItemKind Kind, int Id, string Title, string Slug, decimal Hours, DateOnly? Date);

/// <summary>One cell of the completion overview: an organization's people in one tier, complete or not.</summary>
public sealed record CompletionCell(int OrganizationId, string OrganizationName, Tier Tier, IReadOnlyList<PersonPlan> Complete, IReadOnlyList<PersonPlan> Incomplete)
{
    public int People => Complete.Count + Incomplete.Count;

    public decimal Rate => People == 0 ? 0m : (decimal)Complete.Count / People;
}

/// <summary>A course to remind a person of: on their plan of <paramref name="Year"/>, due within the reminder days, or overdue.</summary>
public sealed record PlanReminder(int PersonId, int Year, PlanItem Item)
{
    public bool Overdue => Item.State == AssignmentState.Overdue;
}

/// <summary>
/// Loads plans from the database: gathers every source of work and every learning fact for a set of
/// people in a handful of queries, then lets <see cref="PlanBuilder"/> decide. Many people at once
/// (an organization, a unit) cost the same number of queries as one.
/// </summary>
public sealed class PlanQueries(CoursesDbContext db, ProgrammeClock clock)
{
    private readonly LiveReplays _replays = new(db);

    /// <summary>How many days ahead a course's due date earns a "due soon" reminder.</summary>
    public const int ReminderDays = 14;

    public async Task<PersonPlan?> ForPersonAsync(int personId, int year, CancellationToken cancellationToken) =>
        (await ForPeopleAsync(db.People.Where(p => p.Id == personId), year, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<PersonPlan>> ForPeopleAsync(IQueryable<Person> people, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(people);
        var today = clock.Today;
        var yearStart = new DateOnly(year, 1, 1);
        var yearEnd = new DateOnly(year, 12, 31);
        var persons = await people.AsNoTracking()
            .OrderBy(p => p.Organization!.Name).ThenBy(p => p.Name)
            .Select(p => new
            {
                p.Id, p.Name, p.OrganizationId, OrganizationName = p.Organization!.Name, OrganizationField = p.Organization.Field, p.Tiers,
                Positions = p.Positions.Select(x => new { x.Kind, x.AppointedOn, x.EndedOn }).ToList(),
            })
            .ToListAsync(cancellationToken);
        if (persons.Count == 0)
        {
            return [];
        }

        var ids = persons.Select(p => p.Id).ToList();
        var organizationIds = persons.Select(p => p.OrganizationId).Distinct().ToList();

        var curricula = await db.Curricula.AsNoTracking()
            .Where(c => c.Year == year)
            .Select(c => new
            {
                c.Tier, c.Title,
                Courses = c.Courses.Select(x => new { x.CourseId, x.Required, x.ElectivePoolId, x.Course!.CreditHours }).ToList(),
                Pools = c.Pools.OrderBy(p => p.Order).Select(p => new { p.Id, p.Title, p.HourTarget }).ToList(),
                Sessions = c.Sessions.Select(x => new { x.SessionId, x.Session!.Date }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var requiredByCurriculum = await db.Curricula.AsNoTracking()
            .Select(c => new { c.Id, Courses = c.Courses.Where(x => x.Required).Select(x => x.CourseId).ToList() })
            .ToDictionaryAsync(c => c.Id, c => c.Courses, cancellationToken);

        // Lifecycle events due this year, and each stage's course set.
        var events = await db.OrganizationEvents.AsNoTracking()
            .Where(e => organizationIds.Contains(e.OrganizationId) && e.DueOn >= yearStart && e.DueOn <= yearEnd)
            .Select(e => new { e.Id, e.OrganizationId, e.Stage, e.Date, e.DueOn })
            .ToListAsync(cancellationToken);
        var stageCourses = (await db.LifecycleCourses.AsNoTracking().Select(c => new { c.Stage, c.CourseId }).ToListAsync(cancellationToken))
            .ToLookup(c => c.Stage, c => c.CourseId);

        var sessions = await db.LectureHallSessions.AsNoTracking()
            .Where(s => s.Date >= yearStart && s.Date <= yearEnd
                && (s.Tiers != Tier.None || s.Fields != OrganizationField.None || s.TargetOrganizations.Any()))
            .Select(s => new { s.Id, s.Date, s.Tiers, s.Fields, Organizations = s.TargetOrganizations.Select(o => o.OrganizationId).ToList() })
            .ToListAsync(cancellationToken);

        var assignments = await db.SupervisorAssignments.AsNoTracking()
            .Where(a => a.DueOn >= yearStart && a.DueOn <= yearEnd
                && a.Targets.Any(t => (t.PersonId != null && ids.Contains(t.PersonId.Value)) || (t.OrganizationId != null && organizationIds.Contains(t.OrganizationId.Value))))
            .Select(a => new
            {
                a.Id, a.CourseId, a.CurriculumId, a.DueOn,
                People = a.Targets.Where(t => t.PersonId != null).Select(t => t.PersonId!.Value).ToList(),
                Organizations = a.Targets.Where(t => t.OrganizationId != null).Select(t => t.OrganizationId!.Value).ToList(),
            })
            .ToListAsync(cancellationToken);

        // A past year's plan is the plan as it stood on its 31 December: what was done later belongs to later
        // years (a course taken in January meets the new year's curriculum, not last year's too), so last year's
        // plan, curriculum completion and the verdicts built on them stay as they were.
        var asOf = today < yearEnd ? today : yearEnd;
        var facts = await FactsAsync(ids, asOf, cancellationToken);

        var plans = new List<PersonPlan>(persons.Count);
        foreach (var person in persons)
        {
            var positions = person.Positions.Select(p => new PositionSpan(p.Kind, p.AppointedOn, p.EndedOn)).ToList();
            var demands = new List<Demand>();
            var pools = new List<PoolDemand>();
            foreach (var curriculum in curricula)
            {
                demands.AddRange(curriculum.Courses.Where(c => c.Required)
                    .Select(c => new Demand(AssignmentSource.Curriculum, PlanItemKind.Course, c.CourseId, yearEnd, yearStart, curriculum.Tier, curriculum.Title)));
                demands.AddRange(curriculum.Sessions
                    .Select(x => new Demand(AssignmentSource.Curriculum, PlanItemKind.Session, x.SessionId, x.Date, x.Date, curriculum.Tier, curriculum.Title)));
                pools.AddRange(curriculum.Pools.Select(p => new PoolDemand(curriculum.Tier, p.Title, p.HourTarget,
                    curriculum.Courses.Where(c => c.ElectivePoolId == p.Id).GroupBy(c => c.CourseId).ToDictionary(g => g.Key, g => g.First().CreditHours), yearStart)));
            }

            // A lifecycle event trains the organization's leaders; completions in the year before the due date count.
            foreach (var e in events.Where(e => e.OrganizationId == person.OrganizationId))
            {
                demands.AddRange(stageCourses[e.Stage].Select(courseId => new Demand(AssignmentSource.Lifecycle, PlanItemKind.Course, courseId,
                    e.DueOn, e.DueOn.AddYears(-1), Tier.Leaders, "lifecycle:" + e.Id.ToString(CultureInfo.InvariantCulture))));
            }

            foreach (var s in sessions.Where(s => (s.Tiers == Tier.None || (s.Tiers & person.Tiers) != 0)
                && (s.Fields == OrganizationField.None || (s.Fields & person.OrganizationField) != 0)
                && (s.Organizations.Count == 0 || s.Organizations.Contains(person.OrganizationId))))
            {
                demands.Add(new Demand(AssignmentSource.LectureHall, PlanItemKind.Session, s.Id, s.Date, s.Date));
            }

            foreach (var a in assignments.Where(a => a.People.Contains(person.Id) || a.Organizations.Contains(person.OrganizationId)))
            {
                var courses = a.CourseId is { } courseId ? [courseId]
                    : a.CurriculumId is { } curriculumId && requiredByCurriculum.TryGetValue(curriculumId, out var required) ? required
                    : [];
                demands.AddRange(courses.Select(c => new Demand(AssignmentSource.Supervisor, PlanItemKind.Course, c, a.DueOn, a.DueOn.AddYears(-1),
                    Reference: "assignment:" + a.Id.ToString(CultureInfo.InvariantCulture))));
            }

            var plan = PlanBuilder.Build(year, positions, demands, pools, facts.For(person.Id), today);
            plans.Add(new PersonPlan(person.Id, person.Name, person.OrganizationId, person.OrganizationName, person.Tiers, plan));
        }

        return plans;
    }

    /// <summary>
    /// Curriculum completion by organization and tier for a set of people, with the people behind each
    /// number. Only tiers that have a curriculum this year are counted (nothing to complete otherwise).
    /// </summary>
    public async Task<IReadOnlyList<CompletionCell>> CompletionAsync(IQueryable<Person> people, int year, CancellationToken cancellationToken) =>
        await CompletionAsync(await ForPeopleAsync(people, year, cancellationToken), year, cancellationToken);

    /// <summary>Curriculum completion by organization and tier of plans already loaded (of <paramref name="year"/>).</summary>
    public async Task<IReadOnlyList<CompletionCell>> CompletionAsync(IReadOnlyList<PersonPlan> plans, int year, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var tiers = await db.Curricula.AsNoTracking().Where(c => c.Year == year).Select(c => c.Tier).ToListAsync(cancellationToken);
        return plans
            .SelectMany(p => TierRules.Split(p.Tiers).Where(tiers.Contains).Select(tier => (Tier: tier, Plan: p)))
            .GroupBy(x => (x.Plan.OrganizationId, x.Plan.OrganizationName, x.Tier))
            .OrderBy(g => g.Key.OrganizationName, StringComparer.Ordinal).ThenBy(g => g.Key.Tier)
            .Select(g => new CompletionCell(g.Key.OrganizationId, g.Key.OrganizationName, g.Key.Tier,
                g.Where(x => x.Plan.Plan.CurriculumComplete(x.Tier)).Select(x => x.Plan).ToList(),
                g.Where(x => !x.Plan.Plan.CurriculumComplete(x.Tier)).Select(x => x.Plan).ToList()))
            .ToList();
    }

    /// <summary>
    /// The open courses to remind the people of today: due within <see cref="ReminderDays"/> days or overdue, on
    /// this year's plan and, while the horizon reaches into January, on next year's, so work due in the first
    /// days of a year is announced as early as any other. Last year's plan is not looked at once the year has
    /// turned: its verdicts are closed on 31 December and a course done now no longer counts for it; what the
    /// programme still asks of the person is on this year's plan (a curriculum carried forward lists its courses
    /// again), reminded with this year's due dates. Sessions are left to the lecture hall's own reminder.
    /// </summary>
    public async Task<IReadOnlyList<PlanReminder>> RemindersAsync(IQueryable<Person> people, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var horizon = today.AddDays(ReminderDays);
        var reminders = new List<PlanReminder>();
        for (var year = today.Year; year <= horizon.Year; year++)
        {
            foreach (var plan in await ForPeopleAsync(people, year, cancellationToken))
            {
                reminders.AddRange(plan.Plan.Open.Where(i => i.Kind == PlanItemKind.Course && i.DueOn <= horizon)
                    .Select(i => new PlanReminder(plan.PersonId, year, i)));
            }
        }

        return reminders;
    }

    /// <summary>Titles, slugs and hours of what a plan points at.</summary>
    public async Task<IReadOnlyDictionary<(PlanItemKind, int), PlanTarget>> TargetsAsync(IEnumerable<PlanItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        var courseIds = list.Where(i => i.Kind == PlanItemKind.Course).Select(i => i.TargetId).Distinct().ToList();
        var sessionIds = list.Where(i => i.Kind == PlanItemKind.Session).Select(i => i.TargetId).Distinct().ToList();
        return (await CourseTargetsAsync(courseIds, cancellationToken))
            .Concat(await SessionTargetsAsync(db.LectureHallSessions.Where(s => sessionIds.Contains(s.Id)), cancellationToken))
            .ToDictionary(t => (t.Kind, t.Id));
    }

    /// <summary>
    /// What takes the place of each missed session among <paramref name="items"/>, by session: its published replay
    /// course, or else the next session still to come of the same series, or else of a curriculum that lists it.
    /// A missed session with neither has no entry.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, PlanTarget>> ReplacementsAsync(IEnumerable<PlanItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var missed = items.Where(i => i.Kind == PlanItemKind.Session && i.State == AssignmentState.Missed).Select(i => i.TargetId).Distinct().ToList();
        var result = new Dictionary<int, PlanTarget>();
        if (missed.Count == 0)
        {
            return result;
        }

        var replays = await _replays.PublishedCoursesAsync(missed, cancellationToken);
        var courses = (await CourseTargetsAsync(replays.Values.Distinct().ToList(), cancellationToken)).ToDictionary(c => c.Id);
        foreach (var (sessionId, courseId) in replays)
        {
            if (courses.TryGetValue(courseId, out var course))
            {
                result[sessionId] = course;
            }
        }

        var rest = missed.Where(id => !result.ContainsKey(id)).ToList();
        if (rest.Count == 0)
        {
            return result;
        }

        var today = clock.Today;
        var origins = await db.LectureHallSessions.AsNoTracking().Where(s => rest.Contains(s.Id))
            .Select(s => new { s.Id, s.SeriesId })
            .ToListAsync(cancellationToken);
        var listedIn = (await db.Set<CurriculumSession>().AsNoTracking().Where(x => rest.Contains(x.SessionId))
                .Select(x => new { x.CurriculumId, x.SessionId })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.SessionId, x => x.CurriculumId);
        var seriesIds = origins.Select(o => o.SeriesId).Distinct().ToList();
        var curriculumIds = listedIn.SelectMany(g => g).Distinct().ToList();
        var inCurricula = await db.Set<CurriculumSession>().AsNoTracking().Where(x => curriculumIds.Contains(x.CurriculumId))
            .Select(x => new { x.CurriculumId, x.SessionId }).ToListAsync(cancellationToken);
        var curriculumSessionIds = inCurricula.Select(x => x.SessionId).Distinct().ToList();
        var candidates = db.LectureHallSessions.Where(s => s.Date >= today && (seriesIds.Contains(s.SeriesId) || curriculumSessionIds.Contains(s.Id)));
        var upcoming = await SessionTargetsAsync(candidates, cancellationToken);
        var seriesOf = await candidates.AsNoTracking().Select(s => new { s.Id, s.SeriesId }).ToListAsync(cancellationToken);
        foreach (var origin in origins)
        {
            var sameSeries = seriesOf.Where(s => s.SeriesId == origin.SeriesId).Select(s => s.Id).ToHashSet();
            var sameCurriculum = inCurricula.Where(x => listedIn[origin.Id].Contains(x.CurriculumId)).Select(x => x.SessionId).ToHashSet();
            var next = upcoming.Where(s => s.Id != origin.Id && sameSeries.Contains(s.Id)).FirstOrDefault()
                ?? upcoming.Where(s => s.Id != origin.Id && sameCurriculum.Contains(s.Id)).FirstOrDefault();
            if (next is not null)
            {
                result[origin.Id] = next;
            }
        }

        return result;
    }

    private async Task<List<PlanTarget>> CourseTargetsAsync(List<int> courseIds, CancellationToken cancellationToken) =>
        courseIds.Count == 0 ? [] : await db.Courses.AsNoTracking().Where(c => courseIds.Contains(c.Id))
            .Select(c => new PlanTarget(PlanItemKind.Course, c.Id, c.Title, c.Slug, c.CreditHours, null))
            .ToListAsync(cancellationToken);

    /// <summary>The sessions as plan targets, earliest first.</summary>
    private static async Task<List<PlanTarget>> SessionTargetsAsync(IQueryable<LectureHallSession> sessions, CancellationToken cancellationToken)
    {
        var rows = await sessions.AsNoTracking()
            .Select(s => new { s.Id, s.Topic, s.Date, s.StartTime, s.EndTime })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(s => s.Date).ThenBy(s => s.StartTime).ThenBy(s => s.Id)
            .Select(s => new PlanTarget(PlanItemKind.Session, s.Id, s.Topic, "", LectureHallSession.HoursBetween(s.StartTime, s.EndTime), s.Date))
            .ToList();
    }

    /// <summary>Where to continue a course: its first lesson (in order) the person has not completed; null when all are.</summary>
    public async Task<int?> NextLessonAsync(int personId, int courseId, CancellationToken cancellationToken)
    {
        var done = db.LessonProgress.Where(p => p.PersonId == personId && p.CourseId == courseId && p.CompletedAt != null).Select(p => p.LessonId);
        return await db.Lessons.AsNoTracking()
            .Where(l => l.CourseId == courseId && !done.Contains(l.Id))
            .OrderBy(l => l.Order).ThenBy(l => l.Id)
            .Select(l => (int?)l.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<FactBook> FactsAsync(List<int> ids, DateOnly asOf, CancellationToken cancellationToken)
    {
        var completions = await db.CourseCompletions.AsNoTracking()
            .Where(c => ids.Contains(c.PersonId))
            .Select(c => new { c.PersonId, c.CourseId, c.CompletedAt })
            .ToListAsync(cancellationToken);
        // The latest completion counts, so a course retaken this year meets this year's demand. Course hours credited in the ledger (an imported record of a course taken elsewhere counts as
        // a completion); a reversed credit nets to zero and does not.
        var credited = await db.LedgerEntries.AsNoTracking()
            .Where(e => ids.Contains(e.PersonId) && e.Reference.StartsWith(LedgerReference.CoursePrefix) && e.Date <= asOf)
            .GroupBy(e => new { e.PersonId, e.Reference })
            .Select(g => new { g.Key.PersonId, g.Key.Reference, Hours = g.Sum(e => e.Hours), Date = g.Min(e => e.Date) })
            .ToListAsync(cancellationToken);
        var started = await db.LessonProgress.AsNoTracking()
            .Where(p => ids.Contains(p.PersonId))
            .Select(p => new { p.PersonId, p.CourseId })
            .Distinct()
            .ToListAsync(cancellationToken);
        var attended = await db.AttendanceRecords.AsNoTracking()
            .Where(a => ids.Contains(a.PersonId) && (a.State == AttendanceState.Present || a.State == AttendanceState.Late))
            .Select(a => new { a.PersonId, a.SessionId })
            .ToListAsync(cancellationToken);
        var attendedLive = await db.Set<LectureHall.Live.LiveAttendance>().AsNoTracking()
            .Where(a => ids.Contains(a.PersonId) && a.CreditedHours > 0)
            .Select(a => new { a.PersonId, a.SessionId })
            .ToListAsync(cancellationToken);

        var book = new FactBook();
        // Compared as programme dates in memory: SQLite cannot compare the stored instants in SQL.
        foreach (var c in completions.Select(c => (c.PersonId, c.CourseId, On: clock.DateOf(c.CompletedAt))).Where(c => c.On <= asOf))
        {
            book.Complete(c.PersonId, c.CourseId, c.On);
        }

        foreach (var c in credited.Where(c => c.Hours > 0))
        {
            if (LedgerReference.CourseOf(c.Reference) is { } courseId)
            {
                book.Complete(c.PersonId, courseId, c.Date);
            }
        }

        foreach (var s in started)
        {
            book.Start(s.PersonId, s.CourseId);
        }

        foreach (var a in attended.Concat(attendedLive))
        {
            book.Attend(a.PersonId, a.SessionId);
        }

        return book;
    }

    private sealed class FactBook
    {
        private readonly Dictionary<int, (Dictionary<int, DateOnly> Completed, HashSet<int> Started, HashSet<int> Attended)> _byPerson = [];

        public void Complete(int personId, int courseId, DateOnly on)
        {
            var completed = Of(personId).Completed;
            completed[courseId] = completed.TryGetValue(courseId, out var other) && other > on ? other : on;
        }

        public void Start(int personId, int courseId) => Of(personId).Started.Add(courseId);

        public void Attend(int personId, int sessionId) => Of(personId).Attended.Add(sessionId);

        public LearningFacts For(int personId)
        {
            var facts = Of(personId);
            return new LearningFacts(facts.Completed, facts.Started, facts.Attended);
        }

        private (Dictionary<int, DateOnly> Completed, HashSet<int> Started, HashSet<int> Attended) Of(int personId)
        {
            if (!_byPerson.TryGetValue(personId, out var facts))
            {
                facts = ([], [], []);
                _byPerson[personId] = facts;
            }

            return facts;
        }
    }
}
