using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>Running a class: leave requests against the 1/7 rule and through the attendance book, notices and groups.</summary>
public sealed class ClassRunningTests : IAsyncLifetime
{
    // 2026-11-20 10:00 in Shanghai. The class runs on 11-26 (9:00–12:00, 13:00–16:00) and 11-27 (9:00–10:00): 7 hours,
    // so the one-hour session of the second day is exactly 1/7 of it.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private CoursesHost _host = null!;
    private readonly List<int> _people = [];
    private readonly List<int> _sessions = [];
    private int _classId;
    private int _otherSessionId;

    public async Task InitializeAsync()
    {
        _host = await CoursesHost.StartAsync(_clock);
        await _host.WithAsync(async (services, db) =>
        {
            var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
            var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"), SupervisingUnit = unit };
            for (var i = 0; i < 5; i++)
            {
                var person = new Person { Name = $"学员{i}", Mobile = $"1371111000{i}", Organization = organization };
                person.AddPosition(PositionKind.Secretary, new DateOnly(2024, 1, 1));
                db.People.Add(person);
            }

            await db.SaveChangesAsync();
            _people.AddRange(await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
            var planner = services.GetRequiredService<ClassPlanner>();
            _classId = await NewClassAsync(planner, [(26, 9, 12), (26, 13, 16), (27, 9, 10)]);
            var other = await NewClassAsync(planner, [(26, 18, 20)]);
            _otherSessionId = await db.LectureHallSessions.Where(s => s.SeriesId == db.TrainingClasses.Single(c => c.Id == other).SeriesId).Select(s => s.Id).SingleAsync();
            _sessions.AddRange((await db.LectureHallSessions.Where(s => s.SeriesId == db.TrainingClasses.Single(c => c.Id == _classId).SeriesId).ToListAsync())
                .OrderBy(s => s.Number).Select(s => s.Id));

            // The first four are admitted (the class has four seats); the fifth waits.
            var enrolments = services.GetRequiredService<ClassEnrolments>();
            foreach (var person in _people)
            {
                var nominated = await enrolments.NominateAsync(_classId, person, "contact");
                await enrolments.ApproveAsync(nominated.Moves[0].EnrolmentId, "admin");
            }

            return 0;
        });
    }

    private static async Task<int> NewClassAsync(ClassPlanner planner, (int Day, int From, int To)[] sessions)
    {
        var saved = await planner.SaveAsync(null, new ClassDraft("党组织书记示范培训班", "", ClassKind.InPerson, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27),
            "省委党校", 4, null, [], null, "head-teacher", null));
        Assert.True(saved.Succeeded);
        foreach (var (session, number) in sessions.Select((s, i) => (s, i + 1)))
        {
            var result = await planner.SaveSessionAsync(saved.Class!.Id, null, new SessionDraft(number, new DateOnly(2026, 11, session.Day),
                new TimeOnly(session.From, 0), new TimeOnly(session.To, 0), $"第{number}讲", null, null, "报告厅", false, 4, [], [], null));
            Assert.True(result.Succeeded, string.Join(", ", result.Errors));
        }

        return saved.Class!.Id;
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private Task<T> With<T>(Func<IServiceProvider, CoursesDbContext, Task<T>> work) => _host.WithAsync(work);

    private Task<LeaveResult> AskAsync(int person, int[] sessions, string? reason = "单位年检") =>
        With((s, _) => s.GetRequiredService<ClassLeave>().AskAsync(_classId, person, sessions, reason, $"user-{person}"));

    private Task<LeaveResult> ApproveAsync(int requestId, string? comment = "同意") =>
        With((s, _) => s.GetRequiredService<ClassLeave>().ApproveAsync(requestId, comment, "head-teacher"));

    private Task<LeaveStanding> StandingAsync(int person) => With((s, _) => s.GetRequiredService<ClassLeave>().StandingAsync(_classId, person));

    private Task<AttendanceRecord?> RecordAsync(int session, int person) =>
        With((_, db) => db.AttendanceRecords.AsNoTracking().SingleOrDefaultAsync(a => a.SessionId == session && a.PersonId == person));

    [Fact]
    public async Task Leave_is_refused_for_a_session_already_started_another_class_s_session_no_reason_a_duplicate_and_a_person_not_admitted()
    {
        var (first, waiting) = (_people[0], _people[4]);
        Assert.True((await AskAsync(first, [_sessions[2]])).Succeeded);

        Assert.Equal(LeaveOutcome.Duplicate, (await AskAsync(first, [_sessions[1], _sessions[2]])).Outcome);
        Assert.Equal(LeaveOutcome.SessionNotInClass, (await AskAsync(first, [_otherSessionId])).Outcome);
        Assert.Equal(LeaveOutcome.ReasonRequired, (await AskAsync(first, [_sessions[1]], "  ")).Outcome);
        Assert.Equal(LeaveOutcome.NoSessions, (await AskAsync(first, [])).Outcome);
        Assert.Equal(LeaveOutcome.NotAdmitted, (await AskAsync(waiting, [_sessions[1]])).Outcome);

        // On the programme clock: 9:00 on the first day has started the first session, not the second.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        Assert.Equal(LeaveOutcome.SessionPast, (await AskAsync(_people[1], [_sessions[0]])).Outcome);
        Assert.Equal(LeaveOutcome.SessionPast, (await AskAsync(_people[1], [_sessions[0], _sessions[1]])).Outcome);
        Assert.True((await AskAsync(_people[1], [_sessions[1]])).Succeeded);
        Assert.Equal(2, await With((_, db) => db.LeaveRequests.CountAsync()));
    }

    [Fact]
    public async Task Approved_leave_is_recorded_as_excused_through_a_correction_and_moves_the_standing()
    {
        var person = _people[0];
        var asked = await AskAsync(person, [_sessions[2]], " 单位年检，须在场配合 ");
        var pending = await StandingAsync(person);
        Assert.Equal((7m, 0m, 1m, 1m), (pending.ClassHours, pending.LeaveHours, pending.PendingHours, pending.AllowedHours));
        Assert.False(pending.PendingWouldExceed);
        Assert.True(pending.WouldExceedWith(1.25m));

        Assert.Equal(LeaveOutcome.CommentRequired, (await With((s, _) => s.GetRequiredService<ClassLeave>().RefuseAsync(asked.Request!.Id, " ", "head-teacher"))).Outcome);
        Assert.True((await ApproveAsync(asked.Request!.Id)).Succeeded);
        Assert.Equal(LeaveOutcome.AlreadyDecided, (await ApproveAsync(asked.Request!.Id)).Outcome);

        var record = await RecordAsync(_sessions[2], person);
        Assert.Equal((AttendanceState.Excused, "单位年检，须在场配合"), (record!.State, record.Note));
        var correction = await With((_, db) => db.AttendanceCorrections.AsNoTracking().SingleAsync(c => c.AttendanceRecordId == record.Id));
        Assert.Equal((null, AttendanceState.Excused, "head-teacher"), (correction.From, correction.To, correction.CorrectedBy));
        var approved = await StandingAsync(person);
        Assert.Equal((1m, 0m, false), (approved.LeaveHours, approved.PendingHours, approved.Exceeds));

        // More leave asked: the warning shows before anyone approves it.
        var more = await AskAsync(person, [_sessions[1]]);
        Assert.True((await StandingAsync(person)).PendingWouldExceed);
        Assert.True((await With((s, _) => s.GetRequiredService<ClassLeave>().RefuseAsync(more.Request!.Id, "课程重要，请安排他人", "head-teacher"))).Succeeded);
        Assert.Null(await RecordAsync(_sessions[1], person));
        Assert.Equal((1m, 0m), ((await StandingAsync(person)).LeaveHours, (await StandingAsync(person)).PendingHours));
    }

    [Fact]
    public async Task Exactly_one_seventh_of_approved_leave_completes_the_class_in_the_ledger_and_a_quarter_hour_more_does_not()
    {
        var (boundary, over, full) = (_people[0], _people[1], _people[2]);
        foreach (var person in new[] { boundary, over })
        {
            Assert.True((await ApproveAsync((await AskAsync(person, [_sessions[2]])).Request!.Id)).Succeeded);
        }

        // The first day: everyone comes; one of the two on leave the next day also leaves a quarter hour early.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 50, 0, TimeSpan.Zero));
        await CheckInAsync(_sessions[0], boundary, over, full, _people[3]);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 3, 45, 0, TimeSpan.Zero)); // 11:45
        await With(async (s, _) => await s.GetRequiredService<AttendanceBook>().CheckOutAsync(_sessions[0], over));
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 4, 55, 0, TimeSpan.Zero));
        await CheckInAsync(_sessions[1], boundary, over, full, _people[3]);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        await CloseAsync(_sessions[0]);
        await CloseAsync(_sessions[1]);

        // The second day: only those not on leave.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 0, 55, 0, TimeSpan.Zero));
        await CheckInAsync(_sessions[2], full);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        await CloseAsync(_sessions[2]);

        var standing = await StandingAsync(boundary);
        Assert.Equal((1m, false), (standing.LeaveHours, standing.Exceeds));
        Assert.True((await StandingAsync(over)).Exceeds);
        var hours = await With((_, db) => db.LedgerEntries.AsNoTracking().Where(e => e.Reference.StartsWith("class:")).ToListAsync());
        Assert.Equal(6m, hours.Where(e => e.PersonId == boundary).Sum(e => e.Hours));
        Assert.DoesNotContain(hours, e => e.PersonId == over);
        Assert.Equal(7m, hours.Where(e => e.PersonId == full).Sum(e => e.Hours));
        // Absent on the second day without leave counts the same: 1 hour, exactly 1/7.
        Assert.Equal(6m, hours.Where(e => e.PersonId == _people[3]).Sum(e => e.Hours));
        Assert.All(hours, e => Assert.Equal(LedgerSource.InPersonAttendance, e.Source));
    }

    [Fact]
    public async Task Leave_approved_after_the_class_closed_settles_it_again()
    {
        var person = _people[0];
        // Asked before the session, decided after the class was closed: the absence becomes leave, and the credit follows the rule.
        var asked = await AskAsync(person, [_sessions[1]]);
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        foreach (var session in _sessions)
        {
            await CloseAsync(session);
        }

        Assert.Equal(AttendanceState.Absent, (await RecordAsync(_sessions[1], person))!.State);
        Assert.True((await ApproveAsync(asked.Request!.Id)).Succeeded);
        Assert.Equal(AttendanceState.Excused, (await RecordAsync(_sessions[1], person))!.State);
        Assert.True((await StandingAsync(person)).Exceeds);
    }

    [Fact]
    public async Task A_trainee_on_approved_leave_who_comes_after_all_checks_in_and_keeps_the_check_in()
    {
        var person = _people[0];
        Assert.True((await ApproveAsync((await AskAsync(person, [_sessions[0]])).Request!.Id)).Succeeded);

        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 0, 55, 0, TimeSpan.Zero));
        var result = await CheckInAsync(_sessions[0], person);

        Assert.Equal([(CheckInOutcome.CheckedIn, AttendanceState.Present)], result);
        Assert.Equal(0m, (await StandingAsync(person)).LeaveHours);
    }

    [Fact]
    public async Task A_notice_is_kept_and_its_recipients_are_the_admitted_trainees_only()
    {
        var posted = await With((s, _) => s.GetRequiredService<ClassNoticeBoard>().PostAsync(_classId, " 开班须知 ", "请**准时**签到。", "head-teacher", "何老师"));
        var refused = await With((s, _) => s.GetRequiredService<ClassNoticeBoard>().PostAsync(_classId, "", " ", "head-teacher", "何老师"));

        Assert.Equal(_people.Take(4), posted.Recipients.Order());
        Assert.Equal([NoticeProblem.TitleRequired, NoticeProblem.BodyRequired], refused.Problems);
        var kept = Assert.Single(await With((s, _) => s.GetRequiredService<ClassNoticeBoard>().ListAsync(_classId)));
        Assert.Equal(("开班须知", "何老师"), (kept.Title, kept.PostedByName));
    }

    [Fact]
    public async Task Groups_take_admitted_trainees_once_each_and_a_leader_who_leaves_the_group_leads_it_no_more()
    {
        var groups = await With(async (s, _) =>
        {
            var service = s.GetRequiredService<ClassGroups>();
            Assert.Equal(GroupOutcome.Done, await service.CreateAsync(_classId, "第一组"));
            Assert.Equal(GroupOutcome.Done, await service.CreateAsync(_classId, "第二组"));
            Assert.Equal(GroupOutcome.NameTaken, await service.CreateAsync(_classId, " 第一组 "));
            return await service.ListAsync(_classId);
        });
        var (one, two) = (groups[0].Id, groups[1].Id);
        var outcomes = await With(async (s, _) =>
        {
            var service = s.GetRequiredService<ClassGroups>();
            return new[]
            {
                await service.AssignAsync(_classId, new Dictionary<int, int?> { [_people[0]] = one, [_people[1]] = one, [_people[2]] = two }),
                await service.SetLeaderAsync(_classId, one, _people[0]),
                await service.SetLeaderAsync(_classId, two, _people[0]),
                await service.AssignAsync(_classId, new Dictionary<int, int?> { [_people[4]] = one }),
                await service.AssignAsync(_classId, new Dictionary<int, int?> { [_people[0]] = two }),
            };
        });

        Assert.Equal([GroupOutcome.Done, GroupOutcome.Done, GroupOutcome.NotMember, GroupOutcome.NotAdmitted, GroupOutcome.Done], outcomes);
        var after = await With((s, _) => s.GetRequiredService<ClassGroups>().ListAsync(_classId));
        Assert.Equal([_people[1]], after[0].Members.Select(m => m.PersonId));
        Assert.Null(after[0].LeaderPersonId);
        Assert.Equal([_people[0], _people[2]], after[1].Members.Select(m => m.PersonId).Order());
    }

    private async Task<List<(CheckInOutcome, AttendanceState?)>> CheckInAsync(int session, params int[] people) =>
        await With(async (s, _) =>
        {
            var codes = s.GetRequiredService<CheckInCodes>();
            var book = s.GetRequiredService<AttendanceBook>();
            var results = new List<(CheckInOutcome, AttendanceState?)>();
            foreach (var person in people)
            {
                var result = await book.CheckInAsync(session, person, codes.Current(session).Digits);
                Assert.Equal(CheckInOutcome.CheckedIn, result.Outcome);
                results.Add((result.Outcome, result.State));
            }

            return results;
        });

    private Task<int> CloseAsync(int session) => With((s, _) => s.GetRequiredService<AttendanceBook>().CloseAsync(session, "admin"));
}
