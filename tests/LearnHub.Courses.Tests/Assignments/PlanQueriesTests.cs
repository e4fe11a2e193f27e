using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Assignments;

/// <summary>Plans loaded from a real SQLite file: every source of work and every fact, through the queries the pages use.</summary>
public sealed class PlanQueriesTests : IAsyncLifetime
{
    private readonly ScratchDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private int _organizationId;
    private int _otherOrganizationId;
    private int _secretaryId;
    private int _leaderId;
    private int _memberId;
    private readonly Dictionary<string, int> _courses = [];

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
        var organization = new Organization { Name = "甲协会", CreditCode = Code("51510000MJ0000001"), SupervisingUnit = unit };
        var other = new Organization { Name = "乙商会", CreditCode = Code("51510000MJ0000002"), SupervisingUnit = unit };
        foreach (var slug in new[] { "party-building", "member-education", "law", "governance", "transition", "elective-a", "elective-b" })
        {
            var course = new Course { Slug = slug, Title = slug, CreditHours = 2m };
            course.Lessons.Add(new Lesson { Order = 1, Title = slug + "-1", Minutes = 30 });
            db.Courses.Add(course);
        }

        await db.SaveChangesAsync();
        foreach (var course in db.Courses)
        {
            _courses[course.Slug] = course.Id;
        }

        var secretary = new Person { Name = "王书记", Mobile = "13711110001", Organization = organization };
        secretary.AddPosition(PositionKind.Secretary, new DateOnly(2024, 3, 1));
        secretary.AddPosition(PositionKind.PartyMember, new DateOnly(2010, 7, 1));
        var leader = new Person { Name = "李会长", Mobile = "13711110002", Organization = organization };
        leader.AddPosition(PositionKind.Leader, new DateOnly(2022, 1, 1));
        var member = new Person { Name = "赵党员", Mobile = "13711110003", Organization = organization };
        member.AddPosition(PositionKind.PartyMember, new DateOnly(2015, 7, 1));
        var otherLeader = new Person { Name = "钱会长", Mobile = "13711110004", Organization = other };
        otherLeader.AddPosition(PositionKind.Leader, new DateOnly(2022, 1, 1));
        db.People.AddRange(secretary, leader, member, otherLeader);

        var secretaries = new Curriculum(Tier.Secretaries, 2026, "2026年书记方案", 10m);
        secretaries.Courses.Add(new CurriculumCourse { CourseId = _courses["party-building"], Required = true });
        var pool = new ElectivePool { Title = "选修", HourTarget = 2m };
        secretaries.Pools.Add(pool);
        secretaries.Courses.Add(new CurriculumCourse { CourseId = _courses["elective-a"], Pool = pool });
        secretaries.Courses.Add(new CurriculumCourse { CourseId = _courses["elective-b"], Pool = pool });
        var members = new Curriculum(Tier.Members, 2026, "2026年党员方案", 8m);
        members.Courses.Add(new CurriculumCourse { CourseId = _courses["member-education"], Required = true });
        members.Courses.Add(new CurriculumCourse { CourseId = _courses["party-building"], Required = true });
        var leaders = new Curriculum(Tier.Leaders, 2026, "2026年负责人方案", 8m);
        leaders.Courses.Add(new CurriculumCourse { CourseId = _courses["law"], Required = true });
        db.Curricula.AddRange(secretaries, members, leaders);

        db.LifecycleCourses.Add(new LifecycleCourse { Stage = LifecycleStage.Transition, CourseId = _courses["transition"] });
        db.LifecycleCourses.Add(new LifecycleCourse { Stage = LifecycleStage.Transition, CourseId = _courses["governance"] });
        db.OrganizationEvents.Add(new OrganizationEvent
        {
            Organization = organization, Stage = LifecycleStage.Transition, Date = new DateOnly(2026, 12, 15), DueOn = new DateOnly(2026, 12, 15),
            RecordedBy = "admin", RecordedAt = _clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        (_organizationId, _otherOrganizationId) = (organization.Id, other.Id);
        (_secretaryId, _leaderId, _memberId) = (secretary.Id, leader.Id, member.Id);
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private static string Code(string stem) => stem + CreditCode.CheckCharacter(stem);

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    private async Task<PersonPlan> PlanOf(int personId)
    {
        await using var db = NewContext();
        return (await new PlanQueries(db, _clock.Programme()).ForPersonAsync(personId, 2026, CancellationToken.None))!;
    }

    [Fact]
    public async Task A_secretary_who_is_also_a_member_sees_both_curricula_merged_without_duplicates()
    {
        var plan = (await PlanOf(_secretaryId)).Plan;

        Assert.Equal(new[] { _courses["party-building"], _courses["member-education"] }.Order(), plan.Items.Select(i => i.TargetId).Order());
        var shared = plan.Items.Single(i => i.TargetId == _courses["party-building"]);
        Assert.Equal(Tier.Secretaries | Tier.Members, shared.Tiers);
        Assert.Equal(["2026年书记方案", "2026年党员方案"], shared.References.Order());
        Assert.Equal("选修", Assert.Single(plan.Pools).Title);
        Assert.All(plan.Items, i => Assert.Equal(AssignmentState.NotStarted, i.State));
    }

    [Fact]
    public async Task A_lifecycle_event_assigns_its_course_set_to_the_organizations_leaders_only()
    {
        var leader = (await PlanOf(_leaderId)).Plan;
        var secretary = (await PlanOf(_secretaryId)).Plan;
        await using var db = NewContext();
        var otherLeaderId = await db.People.Where(p => p.OrganizationId == _otherOrganizationId).Select(p => p.Id).SingleAsync();
        var otherLeader = (await PlanOf(otherLeaderId)).Plan;

        var lifecycle = leader.Items.Where(i => i.Sources.Contains(AssignmentSource.Lifecycle)).ToList();
        Assert.Equal(new[] { _courses["transition"], _courses["governance"] }.Order(), lifecycle.Select(i => i.TargetId).Order());
        Assert.All(lifecycle, i => Assert.Equal(new DateOnly(2026, 12, 15), i.DueOn));
        Assert.DoesNotContain(secretary.Items, i => i.Sources.Contains(AssignmentSource.Lifecycle));
        Assert.DoesNotContain(otherLeader.Items, i => i.Sources.Contains(AssignmentSource.Lifecycle));
        Assert.Contains(otherLeader.Items, i => i.TargetId == _courses["law"]);
    }

    [Fact]
    public async Task Completing_a_required_course_moves_the_item_to_done_and_the_completion_rate_follows()
    {
        await using (var db = NewContext())
        {
            var before = await new PlanQueries(db, _clock.Programme()).CompletionAsync(db.People.Where(p => p.OrganizationId == _organizationId), 2026, CancellationToken.None);
            var membersBefore = before.Single(c => c.Tier == Tier.Members);
            Assert.Equal(2, membersBefore.People);
            Assert.Empty(membersBefore.Complete);
        }

        await using (var db = NewContext())
        {
            var lessonId = await db.Lessons.Where(l => l.CourseId == _courses["member-education"]).Select(l => l.Id).SingleAsync();
            db.LessonProgress.Add(new LessonProgress { PersonId = _memberId, CourseId = _courses["member-education"], LessonId = lessonId, UpdatedAt = _clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        Assert.Equal(AssignmentState.InProgress, (await PlanOf(_memberId)).Plan.Items.Single(i => i.TargetId == _courses["member-education"]).State);

        await using (var db = NewContext())
        {
            db.CourseCompletions.Add(new CourseCompletion { PersonId = _memberId, CourseId = _courses["member-education"], CompletedAt = _clock.GetUtcNow().AddDays(-3) });
            db.CourseCompletions.Add(new CourseCompletion { PersonId = _memberId, CourseId = _courses["party-building"], CompletedAt = _clock.GetUtcNow().AddDays(-2) });
            await db.SaveChangesAsync();
        }

        var plan = (await PlanOf(_memberId)).Plan;
        var item = plan.Items.Single(i => i.TargetId == _courses["member-education"]);
        Assert.Equal(AssignmentState.Done, item.State);
        Assert.Equal(new DateOnly(2026, 11, 20), item.DoneOn);
        Assert.True(plan.CurriculumComplete(Tier.Members));

        await using (var db = NewContext())
        {
            var after = await new PlanQueries(db, _clock.Programme()).CompletionAsync(db.People.Where(p => p.OrganizationId == _organizationId), 2026, CancellationToken.None);
            var members = after.Single(c => c.Tier == Tier.Members);
            Assert.Equal(_memberId, Assert.Single(members.Complete).PersonId);
            Assert.Equal(0.5m, members.Rate);
            // The secretary took the shared course too but not the pool's hours: the secretaries' curriculum stays open.
            Assert.Empty(after.Single(c => c.Tier == Tier.Secretaries).Complete);
        }
    }

    [Fact]
    public async Task A_supervisors_assignment_to_an_organization_reaches_its_members_and_a_curriculum_assignment_brings_its_required_courses()
    {
        await using (var db = NewContext())
        {
            var course = new SupervisorAssignment { CourseId = _courses["governance"], DueOn = new DateOnly(2026, 12, 1), AssignedBy = "u1", AssignedAt = _clock.GetUtcNow() };
            course.Targets.Add(new AssignmentTarget { OrganizationId = _organizationId });
            var leadersCurriculum = await db.Curricula.Where(c => c.Tier == Tier.Leaders).Select(c => c.Id).SingleAsync();
            var curriculum = new SupervisorAssignment { CurriculumId = leadersCurriculum, DueOn = new DateOnly(2026, 11, 1), AssignedBy = "u1", AssignedAt = _clock.GetUtcNow() };
            curriculum.Targets.Add(new AssignmentTarget { PersonId = _memberId });
            db.SupervisorAssignments.AddRange(course, curriculum);
            await db.SaveChangesAsync();
        }

        var member = (await PlanOf(_memberId)).Plan;
        var governance = member.Items.Single(i => i.TargetId == _courses["governance"]);
        Assert.Equal([AssignmentSource.Supervisor], governance.Sources);
        Assert.Equal(new DateOnly(2026, 12, 1), governance.DueOn);
        var law = member.Items.Single(i => i.TargetId == _courses["law"]);
        Assert.Equal(AssignmentState.Overdue, law.State);
        Assert.Equal(law, member.Items[0]);
        Assert.Contains((await PlanOf(_secretaryId)).Plan.Items, i => i.TargetId == _courses["governance"]);
    }

    [Fact]
    public async Task A_position_ended_mid_year_drops_its_open_curriculum_from_that_day()
    {
        await using (var db = NewContext())
        {
            var secretary = await db.People.Include(p => p.Positions).SingleAsync(p => p.Id == _secretaryId);
            secretary.EndPosition(PositionKind.Secretary, new DateOnly(2026, 9, 30));
            await db.SaveChangesAsync();
        }

        var plan = (await PlanOf(_secretaryId)).Plan;
        Assert.Empty(plan.Pools);
        Assert.Equal(Tier.Members, plan.Items.Single(i => i.TargetId == _courses["party-building"]).Tiers);
    }

    [Fact]
    public async Task A_session_a_curriculum_requires_is_on_that_tiers_plans_due_on_its_day_and_done_once_attended()
    {
        int sessionId;
        await using (var db = NewContext())
        {
            var series = new LectureHallSeries { Title = "2026年大讲堂", Year = 2026 };
            var session = new LectureHallSession { Number = 3, Date = new DateOnly(2026, 12, 17), StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(17, 0), Topic = "党组织书记履职要点", Capacity = 100 };
            series.Sessions.Add(session);
            db.LectureHallSeries.Add(series);
            var secretaries = await db.Curricula.Include(c => c.Sessions).SingleAsync(c => c.Tier == Tier.Secretaries);
            await db.SaveChangesAsync();
            secretaries.Sessions.Add(new CurriculumSession { SessionId = session.Id });
            await db.SaveChangesAsync();
            sessionId = session.Id;
        }

        var item = (await PlanOf(_secretaryId)).Plan.Items.Single(i => i.Kind == PlanItemKind.Session);
        Assert.Equal(sessionId, item.TargetId);
        Assert.Equal(new DateOnly(2026, 12, 17), item.DueOn);
        Assert.Equal([AssignmentSource.Curriculum], item.Sources);
        Assert.Equal(Tier.Secretaries, item.Tiers);
        Assert.False((await PlanOf(_secretaryId)).Plan.CurriculumComplete(Tier.Secretaries));
        // Another tier's plan does not carry it.
        Assert.DoesNotContain((await PlanOf(_memberId)).Plan.Items, i => i.Kind == PlanItemKind.Session);

        await using (var db = NewContext())
        {
            db.AttendanceRecords.Add(new AttendanceRecord { SessionId = sessionId, PersonId = _secretaryId, State = AttendanceState.Present });
            await db.SaveChangesAsync();
        }

        Assert.Equal(AssignmentState.Done, (await PlanOf(_secretaryId)).Plan.Items.Single(i => i.Kind == PlanItemKind.Session).State);
    }

    [Fact]
    public async Task A_session_passed_without_the_person_is_missed_and_replaced_by_its_published_replay_or_else_the_next_session_of_its_series_or_curriculum()
    {
        int first, second, next, single;
        await using (var db = NewContext())
        {
            var series = new LectureHallSeries { Title = "2026年大讲堂", Year = 2026 };
            LectureHallSession Session(int number, DateOnly date) => new()
            {
                Number = number, Date = date, StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(16, 30), Topic = $"第{number}讲", Capacity = 100,
            };
            var sessions = new[] { Session(1, new DateOnly(2026, 9, 10)), Session(2, new DateOnly(2026, 10, 15)), Session(3, new DateOnly(2026, 12, 10)) };
            series.Sessions.AddRange(sessions);
            // A one-off session of another series: nothing of its own series follows, so its curriculum's next session does.
            var oneOff = new LectureHallSeries { Title = "专题讲座", Year = 2026 };
            var lone = Session(1, new DateOnly(2026, 11, 5));
            oneOff.Sessions.Add(lone);
            db.LectureHallSeries.AddRange(series, oneOff);
            await db.SaveChangesAsync();
            var secretaries = await db.Curricula.Include(c => c.Sessions).SingleAsync(c => c.Tier == Tier.Secretaries);
            secretaries.Sessions.AddRange(sessions.Append(lone).Select(s => new CurriculumSession { SessionId = s.Id }));
            await db.SaveChangesAsync();
            (first, second, next, single) = (sessions[0].Id, sessions[1].Id, sessions[2].Id, lone.Id);
        }

        // The first session's recording was reviewed and published as a replay course.
        int lessonId;
        await using (var db = NewContext())
        {
            var replays = new LiveReplays(db);
            lessonId = await replays.LessonForAsync(first, CancellationToken.None);
            Assert.True(await replays.PublishAsync(first, CancellationToken.None));
        }

        var plan = (await PlanOf(_secretaryId)).Plan;
        Assert.Equal(new[] { first, second, single }.Order(), plan.InState(AssignmentState.Missed).Select(i => i.TargetId).Order());
        Assert.Equal(3, plan.Counts.Missed);
        Assert.Equal(0, plan.Counts.Overdue);

        await using (var db = NewContext())
        {
            var replacements = await new PlanQueries(db, _clock.Programme()).ReplacementsAsync(plan.Items, CancellationToken.None);
            var replayCourse = await db.Courses.Where(c => c.Lessons.Any(l => l.Id == lessonId)).Select(c => c.Id).SingleAsync();
            Assert.Equal((PlanItemKind.Course, replayCourse), (replacements[first].Kind, replacements[first].Id));
            // No replay for the second: the series' next session still to come takes its place.
            Assert.Equal((PlanItemKind.Session, next, new DateOnly(2026, 12, 10)), (replacements[second].Kind, replacements[second].Id, replacements[second].Date));
            Assert.Equal((PlanItemKind.Session, next), (replacements[single].Kind, replacements[single].Id));
            Assert.Equal(3, replacements.Count);
        }
    }
}
