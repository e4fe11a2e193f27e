using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>Planning a class and enrolling people in it, on a real SQLite file.</summary>
public sealed class TrainingClassTests : IAsyncLifetime
{
    // 2026-11-20 10:00 in Shanghai; the class below runs on 11-26 and 11-27.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly ScratchDatabase _database = new();
    private readonly List<int> _first = [];
    private readonly List<int> _second = [];
    private int _lecturerId;
    private int _courseId;
    private string _secondCode = "";

    public async Task InitializeAsync()
    {
        await using var db = _database.NewContext();
        await db.Database.MigrateAsync();
        var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
        var first = new Organization { Name = "甲协会", CreditCode = Code("51510000MJ0000001"), SupervisingUnit = unit };
        _secondCode = Code("51510000MJ0000002");
        var second = new Organization { Name = "乙基金会", CreditCode = _secondCode, SupervisingUnit = unit };
        for (var i = 0; i < 4; i++)
        {
            db.People.Add(PersonOf($"甲{i}", $"1371111000{i}", first, PositionKind.Secretary));
            db.People.Add(PersonOf($"乙{i}", $"1372222000{i}", second, PositionKind.Staff));
        }

        var lecturer = new Lecturer { Key = "lin", Name = "林老师", AppointedFrom = new DateOnly(2026, 1, 1), AppointedUntil = new DateOnly(2026, 12, 31) };
        db.Lecturers.Add(lecturer);
        var course = new Course { Slug = "law", Title = "社会组织法规", CreditHours = 2.5m };
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        _first.AddRange(await db.People.Where(p => p.OrganizationId == first.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        _second.AddRange(await db.People.Where(p => p.OrganizationId == second.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        _lecturerId = lecturer.Id;
        _courseId = course.Id;
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private static string Code(string stem) => stem + CreditCode.CheckCharacter(stem);

    private static Person PersonOf(string name, string mobile, Organization organization, PositionKind kind)
    {
        var person = new Person { Name = name, Mobile = mobile, Organization = organization };
        person.AddPosition(kind, new DateOnly(2024, 1, 1));
        return person;
    }

    private ClassEnrolments Enrolments(CoursesDbContext db) => new(db, _clock.Programme());

    private ClassPlanner Planner(CoursesDbContext db) =>
        new(db, new SessionPlanner(db, new SessionScheduling(db), new Roster(db, _clock.Programme())), Enrolments(db));

    private static ClassDraft Draft(int capacity = 2, int? quota = null, string? codes = null, Tier[]? tiers = null) =>
        new(" 党组织书记示范培训班 ", "基层党建", ClassKind.InPerson, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27), "省委党校",
            capacity, quota, tiers ?? [], codes, null, null);

    private static SessionDraft Session(int number, int day, int startHour, int endHour, int? lecturerId, bool live = false) =>
        new(number, new DateOnly(2026, 11, day), new TimeOnly(startHour, 0), new TimeOnly(endHour, 0), $"第{number}讲", null,
            lecturerId, "报告厅", live, 1, [], [], null);

    private async Task<int> NewClassAsync(ClassDraft? draft = null)
    {
        await using var db = _database.NewContext();
        var result = await Planner(db).SaveAsync(null, draft ?? Draft());
        Assert.True(result.Succeeded, string.Join(", ", result.Errors));
        return result.Class!.Id;
    }

    [Fact]
    public async Task Hours_and_centralized_days_come_from_the_timetable()
    {
        var classId = await NewClassAsync();
        await using var db = _database.NewContext();
        var planner = Planner(db);
        Assert.True((await planner.SaveSessionAsync(classId, null, Session(1, 26, 9, 12, _lecturerId))).Succeeded);
        Assert.True((await planner.SaveSessionAsync(classId, null, Session(2, 26, 14, 17, null, live: true))).Succeeded);
        // 9:00 to 10:30 is one and a half hours.
        Assert.True((await planner.SaveSessionAsync(classId, null, Session(3, 27, 9, 10, null) with { EndTime = new TimeOnly(10, 30) })).Succeeded);
        Assert.Empty(await planner.AddItemAsync(classId, new ClassItemDraft(ClassItemKind.OnlineCourse, _courseId, null, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27))));

        var timetable = await planner.TimetableAsync(classId);

        Assert.Equal(7.5m, timetable.CentralizedHours);
        Assert.Equal(10m, timetable.Hours);
        Assert.Equal(2, timetable.TrainingDates);
        Assert.Equal(1m, timetable.Days(7.5m));
        Assert.Equal(0.75m, timetable.Days(10m));
    }

    [Fact]
    public async Task A_class_s_own_series_stays_a_class_whatever_the_lecture_hall_page_asks()
    {
        var classId = await NewClassAsync();
        await using var db = _database.NewContext();
        var seriesId = await db.TrainingClasses.Where(c => c.Id == classId).Select(c => c.SeriesId).SingleAsync();
        var sessions = new SessionPlanner(db, new SessionScheduling(db), new Roster(db, _clock.Programme()));

        Assert.Equal(PlanningOutcome.Refused, await sessions.SetClassAsync(seriesId, isClass: false));
        Assert.True((await db.LectureHallSeries.AsNoTracking().SingleAsync(s => s.Id == seriesId)).IsClass);
    }

    [Fact]
    public async Task A_class_session_meets_the_lecture_hall_s_clash_and_term_checks_and_the_class_s_dates()
    {
        var classId = await NewClassAsync();
        await using var db = _database.NewContext();
        var planner = Planner(db);
        Assert.True((await planner.SaveSessionAsync(classId, null, Session(1, 26, 9, 12, _lecturerId))).Succeeded);

        var clash = await planner.SaveSessionAsync(classId, null, Session(2, 26, 11, 13, _lecturerId));
        var outside = await planner.SaveSessionAsync(classId, null, Session(3, 28, 9, 12, null));

        Assert.Equal([(SessionField.LecturerId, SessionProblem.Overlaps)], clash.Errors.Select(e => (e.Field, e.Problem)));
        Assert.Equal([(SessionField.Date, SessionProblem.OutsideClass)], outside.Errors.Select(e => (e.Field, e.Problem)));
        // The session's seats are the class's, and it carries no audience of its own.
        var session = await db.LectureHallSessions.AsNoTracking().SingleAsync(s => s.Series!.Id == db.TrainingClasses.Single(c => c.Id == classId).SeriesId);
        Assert.Equal((2, false), (session.Capacity, session.HasAudience));
    }

    [Fact]
    public async Task Planning_refuses_an_end_before_the_start_no_seats_and_an_unknown_organization()
    {
        await using var db = _database.NewContext();
        var result = await Planner(db).SaveAsync(null, Draft(capacity: 0, codes: "91510000000000000X") with { EndsOn = new DateOnly(2026, 11, 25) });

        Assert.False(result.Succeeded);
        Assert.Equal(
            [(ClassField.EndsOn, ClassProblem.EndBeforeStart), (ClassField.Capacity, ClassProblem.NotPositive), (ClassField.Organizations, ClassProblem.UnknownOrganization)],
            result.Errors.Select(e => (e.Field, e.Problem)));
        Assert.False(await db.TrainingClasses.AnyAsync());
    }

    [Fact]
    public async Task A_nomination_beyond_the_organization_s_quota_is_refused_and_a_freed_place_counts_again()
    {
        var classId = await NewClassAsync(Draft(capacity: 10, quota: 2));
        await using var db = _database.NewContext();
        var enrolments = Enrolments(db);
        var first = await enrolments.NominateAsync(classId, _first[0], "contact");
        Assert.True((await enrolments.NominateAsync(classId, _first[1], "contact")).Succeeded);

        Assert.Equal(EnrolmentOutcome.OverQuota, (await enrolments.NominateAsync(classId, _first[2], "contact")).Outcome);
        Assert.True((await enrolments.NominateAsync(classId, _second[0], "contact")).Succeeded);
        Assert.Equal(EnrolmentOutcome.AlreadyEnrolled, (await enrolments.NominateAsync(classId, _second[0], "contact")).Outcome);

        Assert.True((await enrolments.WithdrawAsync(first.Moves[0].EnrolmentId, "contact")).Succeeded);
        Assert.True((await enrolments.NominateAsync(classId, _first[2], "contact")).Succeeded);
    }

    [Fact]
    public async Task The_waiting_list_moves_up_in_approval_order_when_someone_is_refused_or_withdraws()
    {
        var classId = await NewClassAsync(Draft(capacity: 2));
        await using (var db = _database.NewContext())
        {
            Assert.True((await Planner(db).SaveSessionAsync(classId, null, Session(1, 26, 9, 12, null))).Succeeded);
        }

        await using var context = _database.NewContext();
        var enrolments = Enrolments(context);
        var ids = new List<int>();
        foreach (var person in _first)
        {
            ids.Add((await enrolments.NominateAsync(classId, person, "contact")).Moves[0].EnrolmentId);
        }

        var statuses = new List<EnrolmentStatus>();
        foreach (var id in ids)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            statuses.Add((await enrolments.ApproveAsync(id, "admin")).Moves[0].Status);
        }

        Assert.Equal([EnrolmentStatus.Admitted, EnrolmentStatus.Admitted, EnrolmentStatus.Waitlisted, EnrolmentStatus.Waitlisted], statuses);

        var refused = await enrolments.RefuseAsync(ids[0], "  名额调整  ", "admin");
        Assert.Equal([(_first[0], EnrolmentStatus.Refused), (_first[2], EnrolmentStatus.Admitted)], refused.Moves.Select(m => (m.PersonId, m.Status)));
        var withdrawn = await enrolments.WithdrawAsync(ids[1], _first[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([(_first[1], EnrolmentStatus.Withdrawn), (_first[3], EnrolmentStatus.Admitted)], withdrawn.Moves.Select(m => (m.PersonId, m.Status)));

        // The admitted are on the session's roster (registered), the ones who left are not.
        var sessionId = await context.LectureHallSessions.Where(s => s.SeriesId == context.TrainingClasses.Single(c => c.Id == classId).SeriesId).Select(s => s.Id).SingleAsync();
        var roster = await new Roster(context, _clock.Programme()).Members(await context.LectureHallSessions.SingleAsync(s => s.Id == sessionId))
            .Select(p => p.Id).OrderBy(id => id).ToListAsync();
        Assert.Equal([_first[2], _first[3]], roster);
        Assert.Equal("名额调整", (await context.ClassEnrolments.AsNoTracking().SingleAsync(e => e.Id == ids[0])).Reason);
        Assert.Equal(EnrolmentOutcome.ReasonRequired, (await enrolments.RefuseAsync(ids[2], " ", "admin")).Outcome);
        Assert.Equal(EnrolmentOutcome.AlreadyDecided, (await enrolments.ApproveAsync(ids[0], "admin")).Outcome);
    }

    [Fact]
    public async Task People_admitted_before_a_session_is_added_are_on_its_roster()
    {
        var classId = await NewClassAsync();
        await using var db = _database.NewContext();
        var enrolments = Enrolments(db);
        var id = (await enrolments.NominateAsync(classId, _first[0], "contact")).Moves[0].EnrolmentId;
        await enrolments.ApproveAsync(id, "admin");

        var session = (await Planner(db).SaveSessionAsync(classId, null, Session(1, 27, 9, 12, null))).Session!;

        Assert.Equal([_first[0]], await new Roster(db, _clock.Programme()).Members(session).Select(p => p.Id).ToListAsync());
    }

    [Fact]
    public async Task Only_the_target_audience_may_apply_themselves_and_nobody_once_the_class_has_ended()
    {
        var classId = await NewClassAsync(Draft(tiers: [Tier.Secretaries], codes: _secondCode.ToLowerInvariant() + "\n" + Code("51510000MJ0000001")));
        await using var db = _database.NewContext();
        var enrolments = Enrolments(db);

        Assert.Equal(EnrolmentOutcome.NotInAudience, (await enrolments.ApplyAsync(classId, _second[0], "u")).Outcome);
        Assert.Equal(EnrolmentOutcome.Done, (await enrolments.ApplyAsync(classId, _first[0], "u")).Outcome);
        // A nomination is the organization's choice, not bound to the tiers.
        Assert.Equal(EnrolmentOutcome.Done, (await enrolments.NominateAsync(classId, _second[1], "contact")).Outcome);

        _clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(EnrolmentOutcome.Closed, (await enrolments.ApplyAsync(classId, _first[1], "u")).Outcome);
    }

    [Fact]
    public async Task A_contact_person_s_reach_is_their_organization_and_a_supervisor_s_their_unit()
    {
        var classId = await NewClassAsync(Draft(capacity: 10));
        await using var db = _database.NewContext();
        var enrolments = Enrolments(db);
        foreach (var person in _first.Take(2).Concat(_second.Take(1)))
        {
            await enrolments.NominateAsync(classId, person, "admin");
        }

        var secondOrganization = await db.People.Where(p => p.Id == _second[0]).Select(p => p.OrganizationId).SingleAsync();
        var unit = await db.People.Where(p => p.Id == _second[0]).Select(p => p.Organization!.SupervisingUnitId).SingleAsync();

        Assert.Equal([_second[0]], await new ClassReach(null, secondOrganization).Enrolments(db.ClassEnrolments).Select(e => e.PersonId).ToListAsync());
        Assert.Equal(_second.Count, await new ClassReach(null, secondOrganization).People(db.People).CountAsync());
        Assert.Equal(3, await new ClassReach(unit, null).Enrolments(db.ClassEnrolments).CountAsync());
        Assert.Equal(0, await new ClassReach(unit + 1000, null).Enrolments(db.ClassEnrolments).CountAsync());
        Assert.Equal(3, await ClassReach.Everyone.Enrolments(db.ClassEnrolments).CountAsync());
    }
}
