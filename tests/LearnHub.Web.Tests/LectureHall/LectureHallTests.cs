using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.LectureHall;

/// <summary>Registration, mail, check-in and staff-only pages through the real app.</summary>
public sealed class LectureHallTests(HallFactory factory) : IClassFixture<HallFactory>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string action, Dictionary<string, string>? fields = null) =>
        await client.PostAsync(action, await LearnHubFactory.FormWithTokenAsync(client, page, fields ?? []));

    private async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    private string CurrentCode(int sessionId) => factory.Services.GetRequiredService<CheckInCodes>().Current(sessionId).Digits;

    [Fact]
    public async Task A_replay_waits_for_its_sessions_staff_to_publish_it_and_is_as_long_as_the_recording()
    {
        var lecturer = await QueryAsync(db => db.Lecturers.Where(l => l.Key == "luo-jian").Select(l => l.Id).SingleAsync());
        var recorded = await factory.SessionAsync(capacity: 10, lecturerId: lecturer);
        var unrecorded = await factory.SessionAsync(capacity: 10);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var replays = scope.ServiceProvider.GetRequiredService<LiveReplays>();
            await replays.LessonForAsync(recorded, CancellationToken.None);
            await replays.RecordedAsync(recorded, TimeSpan.FromSeconds(95), CancellationToken.None);
        }

        var series = await QueryAsync(db => db.LectureHallSessions.Where(s => s.Id == recorded || s.Id == unrecorded)
            .OrderBy(s => s.Id).Select(s => s.SeriesId).ToListAsync());
        var slug = LiveReplay.CourseSlug(recorded);
        var course = await QueryAsync(db => db.Courses.Include(c => c.Lessons).SingleAsync(c => c.Slug == slug));
        Assert.False(course.Published);
        Assert.Equal(2, course.Lessons.Single().Minutes);

        // Before review nobody but its staff sees it: no link, and the course is not found.
        var anonymous = factory.CreateClient();
        Assert.DoesNotContain("data-testid=\"replay", await anonymous.GetStringAsync($"/lecture-hall/sessions/{recorded}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/courses/{slug}", await anonymous.GetStringAsync($"/lecture-hall/{series[0]}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/courses/{slug}")).StatusCode);
        var (trainee, _, _) = await factory.TraineeAsync(3);
        Assert.DoesNotContain("data-testid=\"replay", await trainee.GetStringAsync($"/lecture-hall/sessions/{recorded}"), StringComparison.Ordinal);

        // Another session's lecturer and a trainee may not publish it.
        var token = LearnHubFactory.AntiforgeryToken(await trainee.GetStringAsync($"/lecture-hall/sessions/{recorded}"));
        Assert.False((await trainee.PostAsync($"/lecture-hall/sessions/{recorded}/replay/publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).IsSuccessStatusCode);
        var other = await factory.SignInAsync("lecturer@learnhub.example");
        var otherToken = LearnHubFactory.AntiforgeryToken(await other.GetStringAsync($"/lecture-hall/sessions/{recorded}"));
        var refused = await other.PostAsync($"/lecture-hall/sessions/{recorded}/replay/publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = otherToken }));
        Assert.Contains("/account/denied", refused.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.Courses.Where(c => c.Slug == slug).Select(c => c.Published).SingleAsync()));

        // Its lecturer previews it on the course page and publishes it from the session's page.
        var staff = await factory.SignInAsync("lecturer2@learnhub.example");
        // Their own sessions list says a replay waits for them.
        Assert.Contains("data-testid=\"replay-awaiting\"", await staff.GetStringAsync("/lecture-hall/my-sessions"), StringComparison.Ordinal);
        var page = await staff.GetStringAsync($"/lecture-hall/sessions/{recorded}");
        Assert.Contains("data-testid=\"replay-review\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"course-preview\"", await staff.GetStringAsync($"/courses/{slug}"), StringComparison.Ordinal);
        var published = await staff.PostAsync($"/lecture-hall/sessions/{recorded}/replay/publish",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(page) }));
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        Assert.Contains("data-testid=\"replay\"", await anonymous.GetStringAsync($"/lecture-hall/sessions/{recorded}"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"replay", await anonymous.GetStringAsync($"/lecture-hall/sessions/{unrecorded}"), StringComparison.Ordinal);
        Assert.Contains($"/courses/{slug}", await anonymous.GetStringAsync($"/lecture-hall/{series[0]}"), StringComparison.Ordinal);
        Assert.DoesNotContain("/courses/live-replay-", await anonymous.GetStringAsync($"/lecture-hall/{series[1]}"), StringComparison.Ordinal);
        Assert.DoesNotContain("course-preview", await anonymous.GetStringAsync($"/courses/{slug}"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"replay-awaiting\"", await staff.GetStringAsync("/lecture-hall/my-sessions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_one_of_many_people_taking_the_last_seat_at_once_gets_it()
    {
        var sessionId = await factory.SessionAsync(capacity: 1);
        var people = await QueryAsync(db => db.People.OrderByDescending(p => p.Id).Take(8).Select(p => p.Id).ToListAsync());

        var results = await Task.WhenAll(people.Select(async personId =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Roster>().RegisterAsync(sessionId, personId);
        }));

        Assert.Equal(1, results.Count(r => r.Outcome == RegisterOutcome.Registered));
        Assert.Equal(7, results.Count(r => r.Outcome == RegisterOutcome.Waitlisted));
        Assert.Equal(Enumerable.Range(1, 7), results.Where(r => r.WaitlistPosition is not null).Select(r => r.WaitlistPosition!.Value).Order());
        Assert.Equal(1, await QueryAsync(db => db.SessionRegistrations.CountAsync(r => r.SessionId == sessionId && r.Status == RegistrationStatus.Registered)));
    }

    [Fact]
    public async Task Registering_sends_the_confirmation_in_app_and_by_mail_and_cancelling_promotes_the_next()
    {
        var sessionId = await factory.SessionAsync(capacity: 1);
        var (first, _, firstEmail) = await factory.TraineeAsync(20);
        var (second, secondPerson, secondEmail) = await factory.TraineeAsync(21);
        var page = $"/lecture-hall/sessions/{sessionId}";

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, page, page + "/register")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, page, page + "/register")).StatusCode);
        Assert.Contains("候补第 1 位", await second.GetStringAsync(page), StringComparison.Ordinal);
        var mail = await WaitForMailAsync(firstEmail);
        Assert.Contains("报名成功：社会组织财务管理实务", HallFactorySubject(mail), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, page, page + "/cancel")).StatusCode);
        var session = await QueryAsync(db => db.LectureHallSessions.Include(s => s.TargetOrganizations).SingleAsync(s => s.Id == sessionId));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(RosterStanding.Registered, await scope.ServiceProvider.GetRequiredService<Roster>().StandingAsync(session, secondPerson));
        }

        Assert.Contains("候补成功", HallFactorySubject(await WaitForMailAsync(secondEmail, "候补成功")), StringComparison.Ordinal);
        var notifications = await second.GetStringAsync("/notifications");
        Assert.Contains("候补成功：社会组织财务管理实务", notifications, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"unread-count\">2<", notifications, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_in_answers_each_wrong_code_clearly_and_changes_nothing()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var otherSessionId = await factory.SessionAsync(capacity: 10);
        var (trainee, personId, _) = await factory.TraineeAsync(30);
        var (stranger, strangerId, _) = await factory.TraineeAsync(31);
        var page = $"/lecture-hall/sessions/{sessionId}";
        await PostAsync(trainee, page, page + "/register");

        async Task<string> CheckIn(HttpClient client, string code)
        {
            var response = await PostAsync(client, page, page + "/checkin", new() { ["code"] = code });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return await client.GetStringAsync(page);
        }

        var old = CurrentCode(sessionId);
        factory.Clock.Now = factory.Clock.Now.AddSeconds(CheckInCodes.WindowSeconds * 2);
        Assert.Contains("签到码已过期", await CheckIn(trainee, old), StringComparison.Ordinal);
        Assert.Contains("该签到码属于其他场次", await CheckIn(trainee, CurrentCode(otherSessionId)), StringComparison.Ordinal);
        Assert.Contains("签到码不正确", await CheckIn(trainee, "abc"), StringComparison.Ordinal);
        Assert.Contains("不在本期参训名单中", await CheckIn(stranger, CurrentCode(sessionId)), StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.AttendanceRecords.CountAsync(a => a.SessionId == sessionId)));

        Assert.Contains("签到成功：出席", await CheckIn(trainee, CurrentCode(sessionId)), StringComparison.Ordinal);
        Assert.Contains("您已签到过", await CheckIn(trainee, CurrentCode(sessionId)), StringComparison.Ordinal);
        var records = await QueryAsync(db => db.AttendanceRecords.Where(a => a.SessionId == sessionId).ToListAsync());
        Assert.Equal(personId, Assert.Single(records).PersonId);
        Assert.DoesNotContain(records, r => r.PersonId == strangerId);

        // The screen's live list shows the check-in to staff.
        var admin = await factory.SignInAsync("admin@learnhub.example");
        using var state = System.Text.Json.JsonDocument.Parse(await admin.GetStringAsync(page + "/checkin-screen/state"));
        var name = await QueryAsync(db => db.People.Where(p => p.Id == personId).Select(p => p.Name).SingleAsync());
        Assert.Equal(name, state.RootElement.GetProperty("entries")[0].GetProperty("name").GetString());
        Assert.Equal(1, state.RootElement.GetProperty("checkedIn").GetInt32());
        var qr = await admin.GetAsync(page + "/checkin-screen/qr.svg");
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);

        // Closing credits the attendee in the ledger as centralized training.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, page + "/roster", page + "/close")).StatusCode);
        var entry = await QueryAsync(db => db.LedgerEntries.SingleAsync(e => e.PersonId == personId && e.CreditKey == $"session:{sessionId}"));
        Assert.Equal((2.5m, true, LedgerSource.InPersonAttendance), (entry.Hours, entry.Centralized, entry.Source));
    }

    [Fact]
    public async Task Trainees_and_other_lecturers_cannot_open_staff_pages()
    {
        var otherLecturer = await QueryAsync(db => db.Lecturers.Where(l => l.Key != "he-jingwen").Select(l => l.Id).FirstAsync());
        var sessionId = await factory.SessionAsync(capacity: 10, otherLecturer);
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        foreach (var client in new[] { trainee, lecturer })
        {
            foreach (var path in new[] { "checkin-screen", "checkin-screen/state", "checkin-screen/qr.svg", "roster" })
            {
                var response = await client.GetAsync($"/lecture-hall/sessions/{sessionId}/{path}");
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden || response.Headers.Location?.OriginalString.Contains("/account/denied", StringComparison.Ordinal) == true,
                    $"{path}: {(int)response.StatusCode}");
            }
        }

        var admin = await factory.SignInAsync("admin@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/lecture-hall/sessions/{sessionId}/checkin-screen")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await trainee.GetAsync("/admin/lecture-hall")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lecturer.GetAsync("/lecture-hall/my-sessions")).StatusCode);
    }

    [Fact]
    public async Task Admin_is_refused_a_lecturer_who_is_already_teaching_at_that_time()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var taken = await QueryAsync(db => db.LectureHallSessions.Include(s => s.Lecturer).FirstAsync(s => s.LecturerId != null));
        var seriesId = taken.SeriesId;
        var page = $"/admin/lecture-hall/{seriesId}/sessions/new";
        var response = await PostAsync(admin, page, page, new()
        {
            ["Number"] = "99", ["Date"] = taken.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["StartTime"] = "15:00", ["EndTime"] = "16:00",
            ["Topic"] = "冲突测试", ["LecturerId"] = taken.LecturerId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Capacity"] = "50",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("时间冲突", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.LectureHallSessions.AnyAsync(s => s.Topic == "冲突测试")));
    }

    [Fact]
    public async Task Demo_past_sessions_have_attendance_and_credits()
    {
        var past = await QueryAsync(db => db.LectureHallSessions.Where(s => s.ClosedAt != null).CountAsync());
        Assert.True(past >= 4); // the demo holds four sessions before its load day
        var credits = await QueryAsync(db => db.LedgerEntries.CountAsync(e => e.Source == LedgerSource.InPersonAttendance));
        var states = await QueryAsync(db => db.AttendanceRecords.GroupBy(a => a.State).Select(g => g.Key).ToListAsync());
        Assert.True(credits > 100, credits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(AttendanceState.Late, states);
        Assert.Contains(AttendanceState.Excused, states);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task Lecture_hall_pages_render_for_staff_without_missing_texts(string culture)
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var pages = new (HttpClient Client, string Path)[]
        {
            (admin, "/admin/lecture-hall"), (admin, "/admin/lecture-hall/1"), (admin, "/admin/lecture-hall/1/sessions/new"),
            (admin, "/admin/lecture-hall/sessions/1/edit"), (admin, "/admin/lecture-hall/sessions/8/delete"), (admin, "/admin/lecturers/1/edit"),
            (admin, "/lecture-hall/sessions/1"), (admin, "/lecture-hall/sessions/1/roster"), (admin, "/lecture-hall/sessions/1/checkin-screen"),
            (lecturer, "/lecture-hall/my-sessions"), (trainee, "/lecture-hall/sessions/1"), (trainee, "/lecture-hall/sessions/8"),
            (trainee, "/notifications"), (trainee, "/lecture-hall/sessions/8/checkin?t=x"), (lecturer, "/lecturer/profile"), (lecturer, "/lecturer"),
        };
        foreach (var (client, path) in pages)
        {
            var response = await client.GetAsync(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "culture=" + culture);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            var missing = System.Text.RegularExpressions.Regex.Match(html, @"[>""](Admin\.Hall|Admin\.Lecturer|Session|Roster|Attendance|AttendanceState|Screen|Notifications|Sheet|Notice|MySessions|Register|CheckIn|Correction|Lecturer)\.[A-Za-z]+");
            Assert.False(missing.Success, $"{path}: {missing.Value}");
        }
    }

    private static string HallFactorySubject((string To, string Data) mail) => SmtpSink.Subject(mail.Data);

    private async Task<(string To, string Data)> WaitForMailAsync(string to, string? subjectPart = null)
    {
        for (var i = 0; i < 100; i++)
        {
            var found = factory.Mail.Messages.FirstOrDefault(m => m.To == to && (subjectPart is null || SmtpSink.Subject(m.Data).Contains(subjectPart, StringComparison.Ordinal)));
            if (found.To is not null)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No mail to {to}");
    }
}
