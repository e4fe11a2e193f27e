using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.LectureHalls;

/// <summary>Creating and changing sessions through the planner, on a real SQLite file.</summary>
public sealed class SessionPlannerTests : IAsyncLifetime
{
    // 2026-11-20 10:00 in Shanghai: the session below is next week.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private readonly ScratchDatabase _database = new();
    private readonly List<int> _people = [];
    private string _creditCode = "";
    private int _seriesId;
    private int _sessionId;
    private int _lecturerId;

    public async Task InitializeAsync()
    {
        await using var db = _database.NewContext();
        await db.Database.MigrateAsync();
        _creditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001");
        var organization = new Organization { Name = "甲协会", CreditCode = _creditCode, SupervisingUnit = new SupervisingUnit { Code = "civil", Name = "省民政厅" } };
        for (var i = 0; i < 3; i++)
        {
            var person = new Person { Name = $"学员{i}", Mobile = $"1371111000{i}", Organization = organization };
            person.AddPosition(PositionKind.Staff, new DateOnly(2024, 1, 1));
            db.People.Add(person);
        }

        var lecturer = new Lecturer { Key = "lin", Name = "林老师", AppointedFrom = new DateOnly(2026, 1, 1), AppointedUntil = new DateOnly(2026, 12, 31) };
        var series = new LectureHallSeries { Title = "2026年社会组织大讲堂", Year = 2026 };
        series.Sessions.Add(new LectureHallSession
        {
            Number = 8, Date = new DateOnly(2026, 11, 26), StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(17, 0),
            Topic = "年度总结", Capacity = 1, Lecturer = lecturer,
        });
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        _people.AddRange(await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        _seriesId = series.Id;
        _sessionId = series.Sessions[0].Id;
        _lecturerId = lecturer.Id;
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SessionPlanner Planner(LearnHub.Courses.Data.CoursesDbContext db) =>
        new(db, new SessionScheduling(db), new Roster(db, _clock.Programme()));

    private SessionDraft Draft(int number = 8, int capacity = 1, int? lecturerId = null, string? codes = null, TimeOnly? start = null, TimeOnly? end = null) =>
        new(number, new DateOnly(2026, 11, 26), start ?? new TimeOnly(14, 30), end ?? new TimeOnly(17, 0), "  年度总结  ", null,
            lecturerId ?? _lecturerId, " 报告厅 ", false, capacity, [], [], codes);

    [Fact]
    public async Task A_larger_room_promotes_the_waiting_list_and_says_who_moved_up()
    {
        await using (var db = _database.NewContext())
        {
            var roster = new Roster(db, _clock.Programme());
            Assert.Equal(RegisterOutcome.Registered, (await roster.RegisterAsync(_sessionId, _people[0])).Outcome);
            Assert.Equal(RegisterOutcome.Waitlisted, (await roster.RegisterAsync(_sessionId, _people[1])).Outcome);
        }

        await using var context = _database.NewContext();
        var result = await Planner(context).SaveAsync(_seriesId, _sessionId, Draft(capacity: 2));

        Assert.True(result.Succeeded);
        Assert.Equal([_people[1]], result.Change.Promoted);
        Assert.Equal(("年度总结", "报告厅", 2), (result.Session!.Topic, result.Session.Venue, result.Session.Capacity));
    }

    [Fact]
    public async Task A_session_with_attendance_is_never_removed_and_one_without_is()
    {
        await using (var db = _database.NewContext())
        {
            db.AttendanceRecords.Add(new LearnHub.Courses.LectureHall.Attendance.AttendanceRecord
            {
                SessionId = _sessionId, PersonId = _people[0], State = LearnHub.Courses.LectureHall.Attendance.AttendanceState.Present,
            });
            await db.SaveChangesAsync();
        }

        await using (var db = _database.NewContext())
        {
            Assert.Equal(PlanningOutcome.Refused, await Planner(db).RemoveAsync(_sessionId));
            Assert.Equal(PlanningOutcome.NotFound, await Planner(db).RemoveAsync(_sessionId + 1000));
            Assert.True(await db.LectureHallSessions.AnyAsync(s => s.Id == _sessionId));
            db.AttendanceRecords.RemoveRange(db.AttendanceRecords);
            await db.SaveChangesAsync();
        }

        await using var context = _database.NewContext();
        Assert.Equal(PlanningOutcome.Done, await Planner(context).RemoveAsync(_sessionId));
        Assert.False(await context.LectureHallSessions.AnyAsync(s => s.Id == _sessionId));
    }

    [Fact]
    public async Task A_series_becomes_a_class_only_while_none_of_its_sessions_is_closed()
    {
        await using (var db = _database.NewContext())
        {
            Assert.Equal(PlanningOutcome.Done, await Planner(db).SetClassAsync(_seriesId, isClass: true));
            Assert.True((await db.LectureHallSeries.SingleAsync(s => s.Id == _seriesId)).IsClass);
            (await db.LectureHallSessions.SingleAsync(s => s.Id == _sessionId)).ClosedAt = _clock.GetUtcNow();
            await db.SaveChangesAsync();
        }

        await using var context = _database.NewContext();
        Assert.Equal(PlanningOutcome.Refused, await Planner(context).SetClassAsync(_seriesId, isClass: false));
        Assert.True((await context.LectureHallSeries.AsNoTracking().SingleAsync(s => s.Id == _seriesId)).IsClass);
        Assert.Equal(PlanningOutcome.NotFound, await Planner(context).SetClassAsync(_seriesId + 1000, isClass: true));
    }

    [Fact]
    public async Task Broken_rules_are_keyed_by_field_and_nothing_is_saved()
    {
        await using var db = _database.NewContext();
        var result = await Planner(db).SaveAsync(_seriesId, null, Draft(lecturerId: 999, codes: "51510000MJ0000099X\n" + _creditCode.ToLowerInvariant()));

        Assert.False(result.Succeeded);
        Assert.Equal(
            [(SessionField.Organizations, SessionProblem.UnknownOrganization), (SessionField.Number, SessionProblem.DuplicateNumber), (SessionField.LecturerId, SessionProblem.UnknownLecturer)],
            result.Errors.Select(e => (e.Field, e.Problem)));
        Assert.Equal("51510000MJ0000099X", result.Errors[0].Value);
        Assert.Equal(1, await db.LectureHallSessions.CountAsync());
    }

    [Fact]
    public async Task A_lecturer_busy_at_that_time_is_refused_with_the_clashing_session()
    {
        await using var db = _database.NewContext();
        var result = await Planner(db).SaveAsync(_seriesId, null, Draft(number: 9, start: new TimeOnly(16, 0), end: new TimeOnly(18, 0)));

        var error = Assert.Single(result.Errors);
        Assert.Equal((SessionField.LecturerId, SessionProblem.Overlaps, 8), (error.Field, error.Problem, error.Clash!.Number));
    }

    [Fact]
    public async Task The_end_must_follow_the_start_and_a_new_session_lands_in_its_series()
    {
        await using var db = _database.NewContext();
        var planner = Planner(db);
        var backwards = await planner.SaveAsync(_seriesId, null, Draft(number: 9, start: new TimeOnly(10, 0), end: new TimeOnly(9, 0)));
        Assert.Equal((SessionField.EndTime, SessionProblem.EndBeforeStart), (backwards.Errors[0].Field, backwards.Errors[0].Problem));

        var saved = await planner.SaveAsync(_seriesId, null, Draft(number: 9, start: new TimeOnly(9, 0), end: new TimeOnly(11, 0), codes: _creditCode));
        Assert.True(saved.Succeeded);
        Assert.True(saved.Change.IsEmpty);
        Assert.Single(saved.Session!.TargetOrganizations);
        Assert.Equal(_seriesId, saved.Session.SeriesId);
    }

    [Fact]
    public async Task Missing_date_or_times_are_reported_without_checking_the_schedule()
    {
        await using var db = _database.NewContext();
        var draft = Draft(number: 9) with { Date = null, EndTime = null };
        var errors = await Planner(db).CheckAsync(_seriesId, null, draft, withSchedule: true);
        Assert.Equal([SessionField.Date, SessionField.EndTime], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(SessionProblem.Required, e.Problem));
    }

    [Fact]
    public void Changing_the_audience_bumps_the_roster_version()
    {
        var session = new LectureHallSession { RosterVersion = 3 };
        session.SetAudience(50, Tier.Members, OrganizationField.None, [4, 4, 5]);
        Assert.Equal((4, 50, Tier.Members, 2), (session.RosterVersion, session.Capacity, session.Tiers, session.TargetOrganizations.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.SetAudience(0, Tier.None, OrganizationField.None, []));
    }

    [Fact]
    public void A_registration_outcome_becomes_the_notices_it_needs()
    {
        Assert.Equal([7], RosterChange.Of(7, new RegisterResult(RegisterOutcome.Registered)).Registered);
        Assert.Equal([7], RosterChange.Of(7, new RegisterResult(RegisterOutcome.Waitlisted, 2)).Waitlisted);
        Assert.True(RosterChange.Of(7, new RegisterResult(RegisterOutcome.Closed)).IsEmpty);
        Assert.True(RosterChange.PromotedFrom(null).IsEmpty);
        Assert.Equal([1, 2], RosterChange.PromotedFrom([1, 2]).Promoted);
    }
}
