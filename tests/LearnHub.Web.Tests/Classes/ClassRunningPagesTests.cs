using System.Globalization;
using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Classes;

/// <summary>What the demo class's head teacher (lecturer@, 何静雯) sees and may do, and what no one else may.</summary>
public sealed class ClassRunningPagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    internal const string HeadTeacher = "lecturer@learnhub.example";

    private async Task<T> WithAsync<T>(Func<IServiceProvider, CoursesDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    private Task<int> ClassIdAsync() => WithAsync((_, db) => db.TrainingClasses.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    private Task<int> PendingLeaveAsync(int classId) =>
        WithAsync((_, db) => db.LeaveRequests.Where(r => r.ClassId == classId && r.State == LeaveState.Pending).Select(r => r.Id).FirstAsync());

    private static bool Denied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && (response.Headers.Location?.OriginalString ?? "").Contains("denied", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task The_head_teacher_s_page_shows_today_s_check_ins_the_leave_to_decide_with_its_warning_the_roster_and_the_notice()
    {
        var id = await ClassIdAsync();
        // 贺新民 checks in to the session under way with the rotating code, as at the classroom.
        await WithAsync(async (services, db) =>
        {
            var session = await db.LectureHallSessions.Where(s => s.SeriesId == db.TrainingClasses.Single(c => c.Id == id).SeriesId && s.Number == 1).SingleAsync();
            var person = await db.People.Where(p => p.Mobile == "17864304369").Select(p => p.Id).SingleAsync();
            var code = services.GetRequiredService<CheckInCodes>().Current(session.Id).Digits;
            return await services.GetRequiredService<AttendanceBook>().CheckInAsync(session.Id, person, code);
        });
        var headTeacher = await factory.SignInAsync(HeadTeacher);

        var landing = await headTeacher.GetStringAsync("/lecturer");
        var mine = await headTeacher.GetStringAsync("/classes/head-teacher");
        var page = await headTeacher.GetStringAsync($"/classes/{id}/run");

        Assert.Contains("data-testid=\"nav-head-teacher\"", landing, StringComparison.Ordinal);
        Assert.Contains($"/classes/{id}/run", mine, StringComparison.Ordinal);
        Assert.Contains("社会组织党组织建设实务", page, StringComparison.Ordinal);
        Assert.Contains("已签到 1 / 应到 4 人", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"checked-in\">\\s*<li[^>]*>贺新民", page);
        // 许明哲's pending leave would take them over 1/7: the head teacher sees it before approving.
        Assert.Contains("data-testid=\"leave-request\"", page, StringComparison.Ordinal);
        Assert.Contains("学会第二天上午接受年度检查现场核查", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"over-warning\"", page, StringComparison.Ordinal);
        Assert.Contains("本班允许 1.29 学时", page, StringComparison.Ordinal);
        Assert.Contains("开班须知", page, StringComparison.Ordinal);
        Assert.Contains("第一组", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_teacher_sees_only_their_own_class_and_decides_only_its_leave()
    {
        var demo = await ClassIdAsync();
        var (other, request) = await OtherClassWithLeaveAsync();
        var headTeacher = await factory.SignInAsync(HeadTeacher);
        var otherHeadTeacher = await factory.SignInAsync("lecturer2@learnhub.example");

        Assert.True(Denied(await headTeacher.GetAsync($"/classes/{other}/run")));
        var approve = await headTeacher.PostAsync($"/classes/{other}/run/leave/{request}/approve",
            await LearnHubFactory.FormWithTokenAsync(headTeacher, $"/classes/{demo}/run", new() { ["comment"] = "同意" }));
        Assert.True(Denied(approve));
        Assert.Equal(LeaveState.Pending, await WithAsync((_, db) => db.LeaveRequests.Where(r => r.Id == request).Select(r => r.State).SingleAsync()));
        Assert.DoesNotContain($"/classes/{other}/run", await headTeacher.GetStringAsync("/classes/head-teacher"), StringComparison.Ordinal);
        // A request of another class is not found under one's own class either.
        var crossed = await headTeacher.PostAsync($"/classes/{demo}/run/leave/{request}/approve",
            await LearnHubFactory.FormWithTokenAsync(headTeacher, $"/classes/{demo}/run", new() { ["comment"] = "同意" }));
        Assert.Equal(HttpStatusCode.NotFound, crossed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await otherHeadTeacher.GetAsync($"/classes/{other}/run")).StatusCode);
        Assert.True(Denied(await otherHeadTeacher.GetAsync($"/classes/{demo}/run")));
        Assert.Equal(HttpStatusCode.NotFound, (await headTeacher.GetAsync("/classes/99999/run")).StatusCode);
    }

    [Fact]
    public async Task The_supervisors_of_the_organizing_unit_run_its_class_and_no_other()
    {
        var demo = await ClassIdAsync();
        var organized = await WithAsync(async (services, db) =>
        {
            var today = factory.Programme.Today;
            var unit = await db.SupervisingUnits.Where(u => u.Code == "sci").Select(u => u.Id).SingleAsync();
            var saved = await services.GetRequiredService<ClassPlanner>().SaveAsync(null, new ClassDraft("科技类社会组织秘书长培训班", "", ClassKind.InPerson,
                today.AddDays(5), today.AddDays(6), "省科协报告厅", 20, null, [], null, null, unit));
            return saved.Class!.Id;
        });
        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/classes/{organized}/run")).StatusCode);
        Assert.Contains($"/classes/{organized}/run", await supervisor.GetStringAsync("/classes/head-teacher"), StringComparison.Ordinal);
        Assert.True(Denied(await supervisor.GetAsync($"/classes/{demo}/run")));
    }

    [Fact]
    public async Task A_head_teacher_runs_the_check_in_of_their_own_class_s_sessions_and_of_no_other()
    {
        var demo = await ClassIdAsync();
        var (other, _) = await OtherClassWithLeaveAsync();
        int SessionOf(CoursesDbContext db, int classId) =>
            db.LectureHallSessions.Where(s => s.SeriesId == db.TrainingClasses.Single(c => c.Id == classId).SeriesId).OrderBy(s => s.Number).First().Id;
        var (own, demoSession) = await WithAsync((_, db) => Task.FromResult((SessionOf(db, other), SessionOf(db, demo))));
        var person = await WithAsync((_, db) => db.People.Where(p => p.Mobile == "18104575004").Select(p => p.Id).SingleAsync());
        // lecturer2@ gives none of these sessions: only heading the class lets them in.
        var headTeacher = await factory.SignInAsync("lecturer2@learnhub.example");

        foreach (var path in new[] { "checkin-screen", "checkin-screen/state", "checkin-screen/qr.svg", "roster" })
        {
            Assert.Equal(HttpStatusCode.OK, (await headTeacher.GetAsync($"/lecture-hall/sessions/{own}/{path}")).StatusCode);
            Assert.True(Denied(await headTeacher.GetAsync($"/lecture-hall/sessions/{demoSession}/{path}")), path);
        }

        var roster = $"/lecture-hall/sessions/{own}/roster";
        var corrected = await headTeacher.PostAsync($"/lecture-hall/sessions/{own}/attendance/{person}",
            await LearnHubFactory.FormWithTokenAsync(headTeacher, roster, new() { ["state"] = nameof(AttendanceState.Present), ["reason"] = "纸质签到表补录" }));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        Assert.Equal(AttendanceState.Present, await WithAsync((_, db) => db.AttendanceRecords.Where(a => a.SessionId == own && a.PersonId == person).Select(a => a.State).SingleAsync()));
        Assert.Contains($"/lecture-hall/sessions/{demoSession}/checkin-screen", await (await factory.SignInAsync(HeadTeacher)).GetStringAsync($"/classes/{demo}/run"), StringComparison.Ordinal);

        foreach (var email in new[] { "trainee@learnhub.example", "contact@learnhub.example", "supervisor@learnhub.example" })
        {
            var client = await factory.SignInAsync(email);
            Assert.True(Denied(await client.GetAsync($"/lecture-hall/sessions/{own}/checkin-screen")), email);
            Assert.True(Denied(await client.GetAsync($"/lecture-hall/sessions/{own}/roster")), email);
        }
    }

    [Fact]
    public async Task A_trainee_or_contact_person_cannot_open_the_head_teacher_s_page_or_approve_leave()
    {
        var id = await ClassIdAsync();
        var pending = await PendingLeaveAsync(id);
        foreach (var email in new[] { "trainee@learnhub.example", "contact@learnhub.example" })
        {
            var client = await factory.SignInAsync(email);
            Assert.True(Denied(await client.GetAsync($"/classes/{id}/run")));
            var response = await client.PostAsync($"/classes/{id}/run/leave/{pending}/approve",
                await LearnHubFactory.FormWithTokenAsync(client, $"/classes/{id}", new() { ["comment"] = "同意" }));
            Assert.True(Denied(response), email);
            Assert.DoesNotContain("data-testid=\"nav-head-teacher\"", await client.GetStringAsync("/my/learning"), StringComparison.Ordinal);
        }

        Assert.Equal(LeaveState.Pending, await WithAsync((_, db) => db.LeaveRequests.Where(r => r.Id == pending).Select(r => r.State).SingleAsync()));
    }

    [Fact]
    public async Task A_notice_is_kept_on_the_class_page_and_reaches_the_admitted_trainees_only()
    {
        var id = await ClassIdAsync();
        var headTeacher = await factory.SignInAsync(HeadTeacher);
        var page = $"/classes/{id}/run";

        var empty = await headTeacher.PostAsync($"{page}/notices", await LearnHubFactory.FormWithTokenAsync(headTeacher, page, new() { ["Title"] = " ", ["Body"] = "x" }));
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("请填写通知标题。", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var posted = await headTeacher.PostAsync($"{page}/notices",
            await LearnHubFactory.FormWithTokenAsync(headTeacher, page, new() { ["Title"] = "明日调课通知", ["Body"] = "明天上午的课程改在**二楼报告厅**。" }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var told = await WithAsync(async (services, db) =>
        {
            var notified = await db.Notifications.Where(n => n.MessageKey == "ClassRun.Notice.Posted" && n.Arguments.Contains("明日调课通知"))
                .Select(n => n.UserId).ToListAsync();
            var users = services.GetRequiredService<UserManager<AppUser>>();
            var people = await users.Users.Where(u => notified.Contains(u.Id)).Select(u => u.PersonId).ToListAsync();
            return await db.People.Where(p => people.Contains(p.Id)).Select(p => p.Mobile).OrderBy(m => m).ToListAsync();
        });
        // The three admitted, not the waiting, pending, refused or withdrawn.
        Assert.Equal(["13779156685", "13800000001", "17864304369", "17897320253"], told);

        var trainee = await (await factory.SignInAsync("trainee@learnhub.example")).GetStringAsync($"/classes/{id}");
        var pendingTrainee = await (await factory.SignInAsync("trainee2@learnhub.example")).GetStringAsync($"/classes/{id}");
        Assert.Contains("明日调课通知", trainee, StringComparison.Ordinal);
        Assert.Contains("<strong>二楼报告厅</strong>", trainee, StringComparison.Ordinal);
        Assert.DoesNotContain("明日调课通知", pendingTrainee, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"class-notices\"", pendingTrainee, StringComparison.Ordinal);
    }

    /// <summary>A second class two days on, run by lecturer2@, with trainee2 admitted and asking for leave.</summary>
    private Task<(int ClassId, int RequestId)> OtherClassWithLeaveAsync() => WithAsync(async (services, db) =>
    {
        var today = factory.Programme.Today;
        var headTeacher = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("lecturer2@learnhub.example");
        var planner = services.GetRequiredService<ClassPlanner>();
        var saved = await planner.SaveAsync(null, new ClassDraft("社会组织财务管理专题班", "", ClassKind.InPerson, today.AddDays(2), today.AddDays(3), "省民政厅培训中心",
            10, null, [], null, headTeacher!.Id, null));
        var classId = saved.Class!.Id;
        var session = await planner.SaveSessionAsync(classId, null, new SessionDraft(1, today.AddDays(2), new TimeOnly(9, 0), new TimeOnly(12, 0), "财务制度", null,
            null, "省民政厅培训中心", false, 10, [], [], null));
        var person = await db.People.Where(p => p.Mobile == "18104575004").Select(p => p.Id).SingleAsync();
        var enrolments = services.GetRequiredService<ClassEnrolments>();
        await enrolments.ApproveAsync((await enrolments.NominateAsync(classId, person, "admin")).Moves[0].EnrolmentId, "admin");
        var asked = await services.GetRequiredService<ClassLeave>().AskAsync(classId, person, [session.Session!.Id], "单位年检", "trainee2");
        Assert.True(asked.Succeeded, asked.Outcome.ToString());
        return (classId, asked.Request!.Id);
    });
}

/// <summary>Leave through the pages: the trainee asks from the class page, the head teacher decides, the attendance book follows.</summary>
public sealed class LeaveRequestPagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<T> WithAsync<T>(Func<CoursesDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    private Task<int> ClassIdAsync() => WithAsync(db => db.TrainingClasses.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

    private Task<int> SessionAsync(int classId, int number) =>
        WithAsync(db => db.LectureHallSessions.Where(s => s.SeriesId == db.TrainingClasses.Single(c => c.Id == classId).SeriesId && s.Number == number)
            .Select(s => s.Id).SingleAsync());

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_trainee_asks_leave_from_the_class_page_and_a_started_session_a_duplicate_and_no_reason_are_refused_in_chinese()
    {
        var id = await ClassIdAsync();
        var (started, afternoon) = (await SessionAsync(id, 1), await SessionAsync(id, 2));
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var page = $"/classes/{id}";

        async Task<string> AskAsync(int session, string reason)
        {
            var response = await trainee.PostAsync($"{page}/leave", await LearnHubFactory.FormWithTokenAsync(trainee, page, new() { ["sessionIds"] = Id(session), ["reason"] = reason }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return await trainee.GetStringAsync(page);
        }

        // 10:00 on the load day: the morning session started at 9:00; the afternoon one is still to come.
        Assert.Contains("所选课程已经开始或结束，不能再请假。", await AskAsync(started, "临时有事"), StringComparison.Ordinal);
        Assert.Contains("请填写请假事由。", await AskAsync(afternoon, " "), StringComparison.Ordinal);
        var asked = await AskAsync(afternoon, "下午须到业务主管单位汇报工作");
        Assert.Contains("请假申请已提交，等待班主任审批。", asked, StringComparison.Ordinal);
        Assert.Contains("下午须到业务主管单位汇报工作", asked, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"leave-standing\"", asked, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"over-warning\"", asked, StringComparison.Ordinal);
        Assert.Contains("不能重复申请", await AskAsync(afternoon, "再次申请"), StringComparison.Ordinal);

        // In the reader's language.
        await trainee.PostAsync("/culture", await LearnHubFactory.FormWithTokenAsync(trainee, page, new() { ["culture"] = "en", ["returnUrl"] = page }));
        Assert.Contains("A session you chose has already started or ended", await AskAsync(started, "urgent"), StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var headTeacher = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(ClassRunningPagesTests.HeadTeacher);
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == headTeacher!.Id && n.MessageKey == "ClassRun.Notice.LeaveAsked"
            && n.Arguments.Contains("下午须到业务主管单位汇报工作")));
        Assert.Equal(1, await db.LeaveRequests.CountAsync(r => r.Sessions.Any(s => s.SessionId == afternoon)));
    }

    [Fact]
    public async Task The_leave_section_shows_on_a_class_still_under_way_and_not_on_one_whose_sessions_have_all_ended()
    {
        // The demo trainee is admitted to the class on the load day and to the earlier class, held and completed months ago.
        var (current, held) = (await ClassIdAsync(), await WithAsync(db => db.TrainingClasses.Where(c => c.Title == "社会组织法人治理专题培训班").Select(c => c.Id).SingleAsync()));
        var trainee = await factory.SignInAsync("trainee@learnhub.example");

        var under = await trainee.GetStringAsync($"/classes/{current}");
        var ended = await trainee.GetStringAsync($"/classes/{held}");

        Assert.Contains("data-testid=\"my-leave\"", under, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"class-notices\"", ended, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"my-leave\"", ended, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trainee_not_admitted_cannot_ask_leave()
    {
        var id = await ClassIdAsync();
        var pending = await factory.SignInAsync("trainee2@learnhub.example");
        var response = await pending.PostAsync($"/classes/{id}/leave", await LearnHubFactory.FormWithTokenAsync(pending, $"/classes/{id}",
            new() { ["sessionIds"] = Id(await SessionAsync(id, 3)), ["reason"] = "有事" }));

        Assert.Contains("denied", response.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_head_teacher_approves_on_the_page_the_sessions_become_excused_and_the_trainee_is_told_and_sees_their_standing()
    {
        var id = await ClassIdAsync();
        var request = await WithAsync(db => db.LeaveRequests.Include(r => r.Sessions).SingleAsync(r => r.ClassId == id && r.Person!.Mobile == "13800000001" && r.Reason.Contains("年度检查")
            && r.State == LeaveState.Pending));
        var headTeacher = await factory.SignInAsync(ClassRunningPagesTests.HeadTeacher);
        var run = $"/classes/{id}/run";

        var refused = await headTeacher.PostAsync($"{run}/leave/{request.Id}/refuse", await LearnHubFactory.FormWithTokenAsync(headTeacher, run, new() { ["comment"] = "" }));
        Assert.Contains("不批准时请填写审批意见。", await headTeacher.GetStringAsync(refused.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var approved = await headTeacher.PostAsync($"{run}/leave/{request.Id}/approve",
            await LearnHubFactory.FormWithTokenAsync(headTeacher, run, new() { ["comment"] = "同意，请观看直播回放" }));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        var session = request.Sessions.Single().SessionId;
        var record = await WithAsync(db => db.AttendanceRecords.AsNoTracking().SingleAsync(a => a.SessionId == session && a.PersonId == request.PersonId));
        Assert.Equal((AttendanceState.Excused, request.Reason), (record.State, record.Note));
        Assert.True(await WithAsync(db => db.AttendanceCorrections.AnyAsync(c => c.AttendanceRecordId == record.Id && c.To == AttendanceState.Excused)));
        Assert.True(await WithAsync(db => db.Notifications.AnyAsync(n => n.MessageKey == "ClassRun.Notice.LeaveApproved" && n.Arguments.Contains("同意，请观看直播回放"))));

        var trainee = await (await factory.SignInAsync("trainee@learnhub.example")).GetStringAsync($"/classes/{id}");
        Assert.Contains("data-state=\"Approved\"", trainee, StringComparison.Ordinal);
        Assert.Contains("已请假/缺勤 3 学时，本班允许 1.29 学时", trainee, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"over-one-seventh\"", trainee, StringComparison.Ordinal);
        Assert.Contains("审批意见：同意，请观看直播回放", trainee, StringComparison.Ordinal);
    }
}
