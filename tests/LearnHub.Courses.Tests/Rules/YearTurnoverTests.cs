using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Rules;

/// <summary>
/// One Party member walked across New Year on a fake clock and a real SQLite file: the new year's rules and
/// curricula appear (carried forward where the administrators set nothing up), the member's new plan exists,
/// last year's verdicts, totals and plan stay as they were, and reminders come from the right year's plan.
/// </summary>
public sealed class YearTurnoverTests : IAsyncLifetime
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);
    private readonly ScratchDatabase _database = new();
    // 10:00 on 1 March 2027 China time: LearnHub's first year, with nothing before it.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 1, 10, 0, 0, ChinaOffset));
    private readonly Dictionary<string, int> _courses = [];
    private int _memberId;

    private ProgrammeClock Clock => _time.Programme();

    private static DateTimeOffset China(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, ChinaOffset);

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        foreach (var slug in new[] { "party-basics", "elective-a", "elective-b", "law", "governance", "staff-basics" })
        {
            db.Courses.Add(new Course { Slug = slug, Title = slug, CreditHours = 2m });
        }

        var organization = new Organization
        {
            Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"),
            SupervisingUnit = new SupervisingUnit { Code = "civil", Name = "省民政厅" },
        };
        var member = new Person { Name = "赵党员", Mobile = "13711110003", Organization = organization };
        member.AddPosition(PositionKind.PartyMember, new DateOnly(2015, 7, 1));
        db.People.Add(member);
        await db.SaveChangesAsync();
        foreach (var course in db.Courses)
        {
            _courses[course.Slug] = course.Id;
        }

        _memberId = member.Id;
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    private YearTurnover Turnover(CoursesDbContext db) => new(db, new RuleBook(db), Clock);

    private ComplianceQueries Compliance(CoursesDbContext db) =>
        new(db, new RuleBook(db), new CurriculumQueries(db), new PlanQueries(db, Clock), Clock);

    private async Task<ProgrammeYear> OpenYearAsync()
    {
        await using var db = NewContext();
        return await Turnover(db).RunAsync();
    }

    /// <summary>The administrators' 2027: the national preset active with its member hours raised to 40 and 8 hours a day, the curriculum rule added, the provincial members' count raised to 3.</summary>
    private async Task EditRulesOf2027Async()
    {
        await using var db = NewContext();
        Assert.True(await new RuleBook(db).ActivateAsync(2027, RulePreset.National));
        var sets = await db.RuleSets.Include(s => s.Rules).Where(s => s.Year == 2027).ToListAsync();
        var national = sets.Single(s => s.Preset == RulePreset.National);
        national.HoursPerDay = 8m;
        national.Rules.Single(r => r.Code == "member-hours").MinCentralizedHours = 40m;
        national.Rules.Add(new ComplianceRule
        {
            Code = ComplianceRule.CurriculumCompleteCode, Kind = RuleKind.CurriculumComplete, Tiers = Tier.Members | Tier.Leaders, Order = 9,
        });
        sets.Single(s => s.Preset == RulePreset.Provincial).Rules.Single(r => r.Code == "member-annual").MinCentralizedTrainings = 3;
        await db.SaveChangesAsync();
    }

    private async Task<Curriculum> AddCurriculumAsync(Tier tier, int year, string title, string[] required, string[] electives)
    {
        await using var db = NewContext();
        var curriculum = new Curriculum(tier, year, title, 6m);
        curriculum.Courses.AddRange(required.Select(s => new CurriculumCourse { CourseId = _courses[s], Required = true }));
        if (electives.Length > 0)
        {
            var pool = new ElectivePool { Title = "选修", HourTarget = 2m, Order = 1 };
            curriculum.Pools.Add(pool);
            curriculum.Courses.AddRange(electives.Select(s => new CurriculumCourse { CourseId = _courses[s], Pool = pool }));
        }

        db.Curricula.Add(curriculum);
        await db.SaveChangesAsync();
        return curriculum;
    }

    /// <summary>Completes a course now, as watching does: the completion and its online credit on the programme's date.</summary>
    private async Task CompleteAsync(string slug)
    {
        await using var db = NewContext();
        db.CourseCompletions.Add(new CourseCompletion { PersonId = _memberId, CourseId = _courses[slug], CompletedAt = Clock.UtcNow });
        await db.SaveChangesAsync();
        await new TrainingLedger(db, _time).CreditAsync(new LedgerCredit(_memberId, Clock.Today, 2m, LedgerSource.CourseCompletion, false,
            $"course:{_courses[slug]}", $"course:{_courses[slug]}", slug, TrainingLedger.System));
    }

    private async Task<PersonHours> HoursAsync(int year)
    {
        await using var db = NewContext();
        return (await Compliance(db).PersonAsync(_memberId, year))!;
    }

    private async Task<Plan> PlanAsync(int year)
    {
        await using var db = NewContext();
        return (await new PlanQueries(db, Clock).ForPersonAsync(_memberId, year, CancellationToken.None))!.Plan;
    }

    private async Task<List<(int Year, int CourseId, DateOnly DueOn, bool Overdue)>> RemindersAsync()
    {
        await using var db = NewContext();
        return (await new PlanQueries(db, Clock).RemindersAsync(db.People.Where(p => p.Id == _memberId), CancellationToken.None))
            .Select(r => (r.Year, r.Item.TargetId, r.Item.DueOn, r.Overdue)).OrderBy(r => r.Year).ThenBy(r => r.TargetId).ToList();
    }

    private static (ComplianceStatus Status, DateOnly? Deadline, decimal Have) Verdict(PersonHours hours, string code)
    {
        var outcome = hours.Outcomes.Single(o => o.Rule.Code == code);
        return (outcome.Status, outcome.Deadline, outcome.Measures[0].Have);
    }

    /// <summary>The member's 2027: national rules edited, two curricula, one centralized training and an elective done, a course assigned for early 2028.</summary>
    private async Task PrepareThe2027ProgrammeAsync()
    {
        var first = await OpenYearAsync();
        Assert.Equal((2027, null, 0), (first.Year, first.RulesCarriedFrom, first.CurriculaCarried));
        Assert.False(first.CarriedForward);
        await EditRulesOf2027Async();
        await AddCurriculumAsync(Tier.Members, 2027, "2027年党员培训方案", ["party-basics"], ["elective-a", "elective-b"]);
        await AddCurriculumAsync(Tier.Leaders, 2027, "2027年负责人培训方案", ["law"], []);

        _time.SetUtcNow(China(2027, 5, 10, 9, 0));
        await CompleteAsync("elective-a");
        await using var db = NewContext();
        await new TrainingLedger(db, _time).CreditAsync(new LedgerCredit(_memberId, new DateOnly(2027, 6, 10), 7.5m, LedgerSource.InPersonAttendance, true,
            "session:1", "session:1", "党课", TrainingLedger.System));
        var assignment = new SupervisorAssignment { CourseId = _courses["governance"], DueOn = new DateOnly(2028, 1, 5), AssignedBy = "supervisor", AssignedAt = _time.GetUtcNow() };
        assignment.Targets.Add(new AssignmentTarget { PersonId = _memberId });
        db.SupervisorAssignments.Add(assignment);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_member_walks_across_New_Year_and_the_new_year_is_ready_while_last_year_stays_as_it_was()
    {
        await PrepareThe2027ProgrammeAsync();

        // 23:30 on 31 December China time: still 2027.
        _time.SetUtcNow(China(2027, 12, 31, 23, 30));
        Assert.Equal(2027, (await OpenYearAsync()).Year);
        await using (var db = NewContext())
        {
            Assert.False(await db.RuleSets.AnyAsync(s => s.Year == 2028));
            Assert.False(await db.Curricula.AnyAsync(c => c.Year == 2028));
            // A report of the new year read before it opens already sees the rules it will carry forward.
            var ahead = await new RuleBook(db).ActiveAsync(2028);
            Assert.Equal((RulePreset.National, 40m), (ahead.Preset, ahead.Rules.Single(r => r.Code == "member-hours").MinCentralizedHours));
        }

        var before = await HoursAsync(2027);
        Assert.Equal((ComplianceStatus.Due, new DateOnly(2027, 12, 31), 7.5m), Verdict(before, "member-hours"));
        Assert.Equal(ComplianceStatus.Due, Verdict(before, ComplianceRule.CurriculumCompleteCode).Status);
        Assert.Equal([
            (2027, _courses["party-basics"], new DateOnly(2027, 12, 31), false),
            // Due on 5 January: announced from next year's plan in late December, naming 2028.
            (2028, _courses["governance"], new DateOnly(2028, 1, 5), false),
        ], await RemindersAsync());

        // 00:30 on 1 January China time — 16:30 on 31 December in UTC.
        _time.SetUtcNow(China(2028, 1, 1, 0, 30));
        Assert.Equal(new DateOnly(2027, 12, 31), DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        var opened = await OpenYearAsync();
        Assert.Equal((2028, 2027, 2), (opened.Year, opened.RulesCarriedFrom, opened.CurriculaCarried));
        Assert.True(opened.CarriedForward);
        Assert.Null(opened.AdministratorsNotifiedAt);
        await AssertThe2028SetUpAsync();

        var closed = await HoursAsync(2027);
        Assert.Equal((ComplianceStatus.NotMet, new DateOnly(2027, 12, 31), 7.5m), Verdict(closed, "member-hours"));
        Assert.Equal(ComplianceStatus.NotMet, Verdict(closed, ComplianceRule.CurriculumCompleteCode).Status);
        Assert.Equal(9.5m, closed.Totals.TotalHours);
        Assert.Equal(RulePreset.National, closed.RuleSet.Preset);
        Assert.Contains(2027, closed.Years);

        var plan2028 = await PlanAsync(2028);
        Assert.Equal(new[] { _courses["party-basics"], _courses["governance"] }.Order(), plan2028.Items.Select(i => i.TargetId).Order());
        Assert.Equal(new DateOnly(2028, 12, 31), plan2028.Items.Single(i => i.TargetId == _courses["party-basics"]).DueOn);
        // Last year's open course is not reminded as overdue: 2027 is closed, and 2028's plan asks for it again.
        Assert.Equal([(2028, _courses["governance"], new DateOnly(2028, 1, 5), false)], await RemindersAsync());

        // The member takes the course at 05:00 China time (21:00 UTC, 31 December): it belongs to 2028.
        _time.SetUtcNow(China(2028, 1, 1, 5, 0));
        await CompleteAsync("party-basics");

        // 07:30 on 1 January China time — still 31 December in UTC.
        _time.SetUtcNow(China(2028, 1, 1, 7, 30));
        Assert.Equal(new DateOnly(2027, 12, 31), DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        var again = await OpenYearAsync();
        Assert.Equal((opened.Year, opened.OpenedAt, opened.CurriculaCarried), (again.Year, again.OpenedAt, again.CurriculaCarried));
        await AssertThe2028SetUpAsync();

        var still = await HoursAsync(2027);
        Assert.Equal(Verdict(closed, "member-hours"), Verdict(still, "member-hours"));
        Assert.Equal(ComplianceStatus.NotMet, Verdict(still, ComplianceRule.CurriculumCompleteCode).Status);
        Assert.Equal(9.5m, still.Totals.TotalHours);
        Assert.Equal(closed.Entries.Select(e => e.Id), still.Entries.Select(e => e.Id));
        var plan2027 = await PlanAsync(2027);
        Assert.Equal(AssignmentState.Overdue, plan2027.Items.Single(i => i.TargetId == _courses["party-basics"]).State);
        Assert.False(plan2027.CurriculumComplete(Tier.Members));

        var now2028 = await HoursAsync(2028);
        Assert.Equal(2m, now2028.Totals.TotalHours);
        Assert.Equal(new DateOnly(2028, 1, 1), Assert.Single(now2028.Entries).Date);
        var done = (await PlanAsync(2028)).Items.Single(i => i.TargetId == _courses["party-basics"]);
        Assert.Equal((AssignmentState.Done, new DateOnly(2028, 1, 1)), (done.State, done.DoneOn));
        // The 2027 elective does not fill 2028's pool, so 2028's curriculum is still to do.
        Assert.Equal((ComplianceStatus.Due, new DateOnly(2028, 12, 31)),
            (Verdict(now2028, ComplianceRule.CurriculumCompleteCode).Status, Verdict(now2028, ComplianceRule.CurriculumCompleteCode).Deadline));
        Assert.Equal([(2028, _courses["governance"], new DateOnly(2028, 1, 5), false)], await RemindersAsync());
    }

    /// <summary>2028's rule sets are 2027's as the administrators left them, and its curricula copies of 2027's, each once.</summary>
    private async Task AssertThe2028SetUpAsync()
    {
        await using var db = NewContext();
        var sets = await db.RuleSets.AsNoTracking().Include(s => s.Rules).Where(s => s.Year == 2028).OrderBy(s => s.Preset).ToListAsync();
        Assert.Equal([RulePreset.Provincial, RulePreset.National], sets.Select(s => s.Preset));
        var national = sets[1];
        Assert.True(national.Active);
        Assert.False(sets[0].Active);
        Assert.Equal(8m, national.HoursPerDay);
        Assert.Equal(40m, national.Rules.Single(r => r.Code == "member-hours").MinCentralizedHours);
        Assert.Contains(national.Rules, r => r.Kind == RuleKind.CurriculumComplete);
        Assert.Equal(3, sets[0].Rules.Single(r => r.Code == "member-annual").MinCentralizedTrainings);

        var curricula = await db.Curricula.AsNoTracking().Include(c => c.Courses).Include(c => c.Pools)
            .Where(c => c.Year == 2028).OrderBy(c => c.Tier).ToListAsync();
        Assert.Equal([Tier.Leaders, Tier.Members], curricula.Select(c => c.Tier));
        var members = curricula[1];
        Assert.Equal("2028年党员培训方案", members.Title);
        Assert.Equal([_courses["party-basics"]], members.Courses.Where(c => c.Required).Select(c => c.CourseId));
        Assert.Equal(2m, Assert.Single(members.Pools).HourTarget);
        Assert.Equal(2, members.Courses.Count(c => c.ElectivePoolId == members.Pools[0].Id));
        Assert.Equal(1, await db.ProgrammeYears.CountAsync(y => y.Year == 2028));
    }

    [Fact]
    public async Task An_administrators_own_new_year_curriculum_and_rules_are_never_overwritten_or_duplicated()
    {
        await PrepareThe2027ProgrammeAsync();

        // In December an administrator sets up 2028's members' curriculum and opens 2028's rules to raise a threshold.
        _time.SetUtcNow(China(2027, 12, 20, 15, 0));
        var own = await AddCurriculumAsync(Tier.Members, 2028, "2028年党员学习安排（新版）", ["staff-basics"], []);
        await using (var db = NewContext())
        {
            await new RuleBook(db).YearAsync(2028);
            var rule = await db.ComplianceRules.SingleAsync(r => r.Code == "member-hours" && db.RuleSets.Any(s => s.Id == r.RuleSetId && s.Year == 2028));
            rule.MinCentralizedHours = 48m;
            await db.SaveChangesAsync();
        }

        _time.SetUtcNow(China(2028, 1, 1, 0, 30));
        var opened = await OpenYearAsync();
        Assert.Equal((2028, null, 1), (opened.Year, opened.RulesCarriedFrom, opened.CurriculaCarried));

        // A tier given a 2027 curriculum after the year opened is not copied later: the year opens once.
        await AddCurriculumAsync(Tier.Staff, 2027, "2027年从业人员培训方案", ["staff-basics"], []);
        _time.SetUtcNow(China(2028, 1, 1, 7, 30));
        await OpenYearAsync();

        await using var check = NewContext();
        var curricula = await check.Curricula.AsNoTracking().Include(c => c.Courses).Where(c => c.Year == 2028).OrderBy(c => c.Tier).ToListAsync();
        Assert.Equal([Tier.Leaders, Tier.Members], curricula.Select(c => c.Tier));
        var members = curricula.Single(c => c.Tier == Tier.Members);
        Assert.Equal((own.Id, "2028年党员学习安排（新版）"), (members.Id, members.Title));
        Assert.Equal([_courses["staff-basics"]], members.Courses.Select(c => c.CourseId));
        Assert.Equal(2, await check.RuleSets.CountAsync(s => s.Year == 2028));
        Assert.Equal(48m, (await new RuleBook(check).ActiveAsync(2028)).Rules.Single(r => r.Code == "member-hours").MinCentralizedHours);
    }

    [Fact]
    public async Task Copying_to_next_year_from_the_curricula_page_leaves_the_tiers_that_have_one_alone()
    {
        await PrepareThe2027ProgrammeAsync();
        var own = await AddCurriculumAsync(Tier.Leaders, 2028, "2028年负责人培训方案（自定）", ["governance"], []);

        await using var db = NewContext();
        Assert.Equal(1, await Turnover(db).CopyCurriculaAsync(2027, 2028));
        Assert.Equal(0, await Turnover(db).CopyCurriculaAsync(2027, 2028));
        var titles = await db.Curricula.Where(c => c.Year == 2028).OrderBy(c => c.Tier).Select(c => new { c.Id, c.Title }).ToListAsync();
        Assert.Equal(2, titles.Count);
        Assert.Contains(titles, t => t.Id == own.Id && t.Title == "2028年负责人培训方案（自定）");
        Assert.Contains(titles, t => t.Title == "2028年党员培训方案");
    }

    [Fact]
    public async Task A_year_with_no_earlier_year_starts_from_the_presets_and_carries_nothing_forward()
    {
        var opened = await OpenYearAsync();

        Assert.Equal((2027, null, 0), (opened.Year, opened.RulesCarriedFrom, opened.CurriculaCarried));
        await using var db = NewContext();
        var sets = await db.RuleSets.AsNoTracking().Include(s => s.Rules).Where(s => s.Year == 2027).OrderBy(s => s.Preset).ToListAsync();
        Assert.Equal([(RulePreset.Provincial, true), (RulePreset.National, false)], sets.Select(s => (s.Preset, s.Active)));
        Assert.Equal(RulePresets.Create(RulePreset.Provincial, 2027).Rules.Select(r => (r.Code, r.MinCentralizedTrainings, r.MinDays)),
            sets[0].Rules.OrderBy(r => r.Order).Select(r => (r.Code, r.MinCentralizedTrainings, r.MinDays)));
    }

    [Fact]
    public async Task Two_nodes_opening_the_same_year_at_once_open_it_once()
    {
        await PrepareThe2027ProgrammeAsync();
        _time.SetUtcNow(China(2028, 1, 1, 0, 0));

        var nodes = Enumerable.Range(0, 4).Select(_ => NewContext()).ToList();
        try
        {
            var years = await Task.WhenAll(nodes.Select(db => Task.Run(() => Turnover(db).RunAsync())));
            Assert.All(years, y => Assert.Equal((2028, 2027, 2), (y.Year, y.RulesCarriedFrom, y.CurriculaCarried)));
        }
        finally
        {
            foreach (var db in nodes)
            {
                await db.DisposeAsync();
            }
        }

        await AssertThe2028SetUpAsync();
    }

    [Fact]
    public async Task Telling_the_administrators_is_recorded_once()
    {
        await PrepareThe2027ProgrammeAsync();
        _time.SetUtcNow(China(2028, 1, 1, 0, 30));
        await OpenYearAsync();

        await using var db = NewContext();
        await Turnover(db).AdministratorsNotifiedAsync(2028);
        var first = (await Turnover(db).FindAsync(2028))!.AdministratorsNotifiedAt;
        _time.Advance(TimeSpan.FromHours(1));
        await Turnover(db).AdministratorsNotifiedAsync(2028);

        Assert.Equal(China(2028, 1, 1, 0, 30), first);
        Assert.Equal(first, (await Turnover(db).FindAsync(2028))!.AdministratorsNotifiedAt);
    }
}
