using System.Net;
using System.Net.Http.Headers;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Notifications;
using LearnHub.Web.Features.LectureHall;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Tests.LectureHall;

/// <summary>Guessing check-in codes, check-out, the mail outbox, seats held by the assigned audience, and the lecturer's own profile.</summary>
public sealed class HallOperationsTests(HallFactory factory) : IClassFixture<HallFactory>
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
    public async Task Five_wrong_codes_in_a_minute_stop_further_attempts_even_with_the_right_code_until_the_minute_is_over()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var (trainee, personId, _) = await factory.TraineeAsync(40);
        var page = $"/lecture-hall/sessions/{sessionId}";
        await PostAsync(trainee, page, page + "/register");

        async Task<string> CheckIn(string code)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(trainee, page, page + "/checkin", new() { ["code"] = code })).StatusCode);
            return await trainee.GetStringAsync(page);
        }

        var wrong = ((int.Parse(CurrentCode(sessionId), System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < CheckInAttempts.MaxFailures; i++)
        {
            Assert.Contains("签到码不正确", await CheckIn(wrong), StringComparison.Ordinal);
            factory.Clock.Now = factory.Clock.Now.AddSeconds(5);
        }

        Assert.Contains("签到码已连续输错 5 次，请 35 秒后再试", await CheckIn(CurrentCode(sessionId)), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.AttendanceRecords.AnyAsync(a => a.SessionId == sessionId)));

        // Another trainee at the same session is not held up by it.
        var (neighbour, _, _) = await factory.TraineeAsync(41);
        await PostAsync(neighbour, page, page + "/register");
        await PostAsync(neighbour, page, page + "/checkin", new() { ["code"] = CurrentCode(sessionId) });
        Assert.Contains("签到成功", await neighbour.GetStringAsync(page), StringComparison.Ordinal);

        factory.Clock.Now = factory.Clock.Now.AddSeconds(41);
        Assert.Contains("签到成功：出席", await CheckIn(CurrentCode(sessionId)), StringComparison.Ordinal);
        Assert.True(await QueryAsync(db => db.AttendanceRecords.AnyAsync(a => a.SessionId == sessionId && a.PersonId == personId)));
    }

    [Fact]
    public async Task Check_out_needs_no_code_and_before_the_end_is_left_early()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var (trainee, personId, _) = await factory.TraineeAsync(42);
        var (notIn, _, _) = await factory.TraineeAsync(43);
        var page = $"/lecture-hall/sessions/{sessionId}";
        await PostAsync(trainee, page, page + "/register");
        await PostAsync(notIn, page, page + "/register");
        await PostAsync(trainee, page, page + "/checkin", new() { ["code"] = CurrentCode(sessionId) });

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(notIn, page, page + "/checkout")).StatusCode);
        Assert.Contains("data-testid=\"problem\"", await notIn.GetStringAsync(page), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(trainee, page, page + "/checkout")).StatusCode);
        Assert.Contains("已签退，考勤记为：早退", await trainee.GetStringAsync(page), StringComparison.Ordinal);
        var record = await QueryAsync(db => db.AttendanceRecords.SingleAsync(a => a.SessionId == sessionId && a.PersonId == personId));
        Assert.Equal(AttendanceState.LeftEarly, record.State);
        Assert.NotNull(record.CheckedOutAt);
    }

    [Fact]
    public async Task A_mail_the_server_refuses_stays_in_the_outbox_and_is_sent_once_after_backing_off()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var (trainee, _, email) = await factory.TraineeAsync(44);
        var page = $"/lecture-hall/sessions/{sessionId}";
        factory.Mail.Reject(email, times: 2);

        await PostAsync(trainee, page, page + "/register");
        var mail = await WaitForOutboxAsync(email, m => m.Attempts == 1 && m.LastError.Length > 0);
        Assert.Equal(MailState.Pending, mail.State);
        Assert.True(mail.NextAttemptUtc >= factory.Clock.Now.UtcDateTime.AddSeconds(29));

        // The clock stands still, so the outbox is polled here: a second before its backoff ends the mail waits.
        var failed = factory.Clock.Now;
        factory.Clock.Now = failed.AddSeconds(29);
        await PollOutboxAsync();
        var waiting = await WaitForOutboxAsync(email, m => m.Id == mail.Id);
        Assert.Equal((MailState.Pending, 1), (waiting.State, waiting.Attempts));
        Assert.DoesNotContain(factory.Mail.Messages, m => m.To == email && SmtpSink.Subject(m.Data).Contains("报名成功", StringComparison.Ordinal));

        factory.Clock.Now = failed.AddSeconds(31);
        mail = await WaitForOutboxAsync(email, m => m.Attempts == 2);
        Assert.Equal(MailState.Pending, mail.State);
        Assert.True(mail.NextAttemptUtc >= factory.Clock.Now.UtcDateTime.AddSeconds(59));

        factory.Clock.Now = factory.Clock.Now.AddSeconds(61);
        mail = await WaitForOutboxAsync(email, m => m.State == MailState.Sent);
        Assert.Equal(3, mail.Attempts);
        // A further poll must not send it again.
        await PollOutboxAsync();
        // Only this mail: the trainee may also be in the audience of other sessions and get their reminders.
        Assert.Single(factory.Mail.Messages, m => m.To == email && SmtpSink.Subject(m.Data).Contains("报名成功：社会组织财务管理实务", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_day_before_reminder_goes_out_by_mail_once()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var (trainee, _, email) = await factory.TraineeAsync(45);
        var page = $"/lecture-hall/sessions/{sessionId}";
        await PostAsync(trainee, page, page + "/register");
        var saved = factory.Clock.Now;
        try
        {
            factory.Clock.Now = saved.AddDays(-1);
            var scopes = factory.Services.GetRequiredService<IServiceScopeFactory>();
            await HallWorker.RunOnceAsync(scopes, CancellationToken.None);
            await HallWorker.RunOnceAsync(scopes, CancellationToken.None);
            await WaitForOutboxAsync(email, m => m.State == MailState.Sent && m.Subject == "明天参训提醒：社会组织财务管理实务");
        }
        finally
        {
            factory.Clock.Now = saved;
        }

        // A further poll of the outbox and of the hall's worker send no second reminder.
        await PollOutboxAsync();
        await HallWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
        await PollOutboxAsync();
        var reminders = factory.Mail.Messages.Where(m => m.To == email && SmtpSink.Subject(m.Data).Contains("明天参训提醒：社会组织财务管理实务", StringComparison.Ordinal)).ToList();
        Assert.True(reminders.Count == 1, string.Join(" | ", factory.Mail.Messages.Where(m => m.To == email).Select(m => SmtpSink.Subject(m.Data))));
        Assert.Contains($"/lecture-hall/sessions/{sessionId}", SmtpSink.Body(reminders[0].Data), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_assigned_audience_holds_seats_and_concurrent_registrations_fill_only_the_rest()
    {
        var (organizationId, assigned) = await QueryAsync(async db =>
        {
            var top = await db.People.GroupBy(p => p.OrganizationId).Select(g => new { g.Key, Count = g.Count() })
                .OrderByDescending(g => g.Count).FirstAsync();
            return (top.Key, top.Count);
        });
        var sessionId = await factory.SessionAsync(capacity: assigned + 2);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            var session = await db.LectureHallSessions.SingleAsync(s => s.Id == sessionId);
            session.TargetOrganizations.Add(new SessionTargetOrganization { OrganizationId = organizationId });
            await db.SaveChangesAsync();
        }

        var session0 = await QueryAsync(db => db.LectureHallSessions.Include(s => s.TargetOrganizations).SingleAsync(s => s.Id == sessionId));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<Roster>().SeatsLeftAsync(session0));
        }

        var others = await QueryAsync(db => db.People.Where(p => p.OrganizationId != organizationId).OrderBy(p => p.Id).Take(10).Select(p => p.Id).ToListAsync());
        var results = await Task.WhenAll(others.Select(async personId =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Roster>().RegisterAsync(sessionId, personId);
        }));

        Assert.Equal(2, results.Count(r => r.Outcome == RegisterOutcome.Registered));
        Assert.Equal(8, results.Count(r => r.Outcome == RegisterOutcome.Waitlisted));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var roster = scope.ServiceProvider.GetRequiredService<Roster>();
            Assert.Equal(assigned + 2, await roster.Members(session0).CountAsync());
            Assert.Equal(0, await roster.SeatsLeftAsync(session0));
        }

        // An assigned trainee does not register: they already hold a seat.
        var insider = await QueryAsync(db => db.People.Where(p => p.OrganizationId == organizationId).Select(p => p.Id).FirstAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(RegisterOutcome.Assigned, (await scope.ServiceProvider.GetRequiredService<Roster>().RegisterAsync(sessionId, insider)).Outcome);
        }
    }

    private static byte[] Sheet(params (string Mobile, string Name, string State, string Note)[] rows)
    {
        var sheet = rows.Select(r => new Dictionary<string, object> { ["手机号"] = r.Mobile, ["姓名"] = r.Name, ["考勤"] = r.State, ["备注"] = r.Note }).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheet, excelType: MiniExcelLibs.ExcelType.XLSX);
        return stream.ToArray();
    }

    private static async Task<HttpResponseMessage> UploadSheetAsync(HttpClient client, int sessionId, byte[] bytes)
    {
        var page = await client.GetStringAsync($"/lecture-hall/sessions/{sessionId}/roster");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", "签到表.xlsx" },
        };
        return await client.PostAsync($"/lecture-hall/sessions/{sessionId}/attendance/import", form);
    }

    [Fact]
    public async Task A_scanned_xlsx_sign_in_sheet_imports_all_rows_or_none_and_the_corrections_are_audited()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var (first, firstId, _) = await factory.TraineeAsync(46);
        var (second, secondId, _) = await factory.TraineeAsync(47);
        var page = $"/lecture-hall/sessions/{sessionId}";
        await PostAsync(first, page, page + "/register");
        await PostAsync(second, page, page + "/register");
        var people = await QueryAsync(db => db.People.Where(p => p.Id == firstId || p.Id == secondId).ToDictionaryAsync(p => p.Id));
        var admin = await factory.SignInAsync("admin@learnhub.example");

        var bad = await UploadSheetAsync(admin, sessionId, Sheet((people[firstId].Mobile, people[firstId].Name, "出席", ""), ("13900000000", "某人", "出席", "")));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("13900000000", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.AttendanceRecords.AnyAsync(a => a.SessionId == sessionId)));

        var good = await UploadSheetAsync(admin, sessionId, Sheet((people[firstId].Mobile, people[firstId].Name, "出席", ""), (people[secondId].Mobile, "", "请假", "单位年检")));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var records = await QueryAsync(db => db.AttendanceRecords.Where(a => a.SessionId == sessionId).ToDictionaryAsync(a => a.PersonId));
        Assert.Equal((AttendanceState.Present, AttendanceState.Excused, "单位年检"), (records[firstId].State, records[secondId].State, records[secondId].Note));
        Assert.Equal(2, await QueryAsync(db => db.AttendanceCorrections.CountAsync(c => records.Values.Select(r => r.Id).Contains(c.AttendanceRecordId))));

        // A trainee cannot import a sheet.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(await first.GetStringAsync(page))), "__RequestVerificationToken" },
            { new ByteArrayContent(Sheet((people[firstId].Mobile, "", "缺席", ""))), "file", "签到表.xlsx" },
        };
        var refused = await first.PostAsync(page + "/attendance/import", form);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("/account/denied", StringComparison.Ordinal) == true,
            refused.StatusCode.ToString());
        Assert.Equal(AttendanceState.Present, await QueryAsync(db => db.AttendanceRecords.Where(a => a.SessionId == sessionId && a.PersonId == firstId).Select(a => a.State).SingleAsync()));
    }

    [Fact]
    public async Task Admin_marks_a_series_as_a_class_only_while_none_of_its_sessions_is_closed()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var seriesId = await QueryAsync(db => db.LectureHallSessions.Where(s => s.Id == sessionId).Select(s => s.SeriesId).SingleAsync());
        var closedSeries = await QueryAsync(db => db.LectureHallSessions.Where(s => s.ClosedAt != null).Select(s => s.SeriesId).FirstAsync());
        var admin = await factory.SignInAsync("admin@learnhub.example");

        var page = $"/admin/lecture-hall/{seriesId}";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, page, page + "/class", new() { ["isClass"] = "true" })).StatusCode);
        Assert.True(await QueryAsync(db => db.LectureHallSeries.Where(s => s.Id == seriesId).Select(s => s.IsClass).SingleAsync()));

        var closed = $"/admin/lecture-hall/{closedSeries}";
        await PostAsync(admin, closed, closed + "/class", new() { ["isClass"] = "true" });
        Assert.Contains("不能再更改培训班设置", await admin.GetStringAsync(closed), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.LectureHallSeries.Where(s => s.Id == closedSeries).Select(s => s.IsClass).SingleAsync()));

        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var refused = await lecturer.PostAsync(page + "/class", await LearnHubFactory.FormWithTokenAsync(lecturer, "/lecture-hall/my-sessions", new() { ["isClass"] = "false" }));
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.True(await QueryAsync(db => db.LectureHallSeries.Where(s => s.Id == seriesId).Select(s => s.IsClass).SingleAsync()));
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static async Task<HttpResponseMessage> UploadPhotoAsync(HttpClient client, byte[] bytes, string name, string type)
    {
        var page = await client.GetStringAsync("/lecturer/profile");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "photo", name);
        return await client.PostAsync("/lecturer/profile/photo", form);
    }

    [Fact]
    public async Task A_lecturer_edits_their_own_profile_and_photo_and_sees_sessions_and_ratings_on_one_page()
    {
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var response = await PostAsync(lecturer, "/lecturer/profile", "/lecturer/profile", new()
        {
            ["Title"] = "教授", ["Affiliation"] = "省委党校", ["Expertise"] = "Law", ["Availability"] = "工作日下午", ["Bio"] = "长期从事社会组织法治研究。",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var me = await QueryAsync(db => db.Lecturers.SingleAsync(l => l.Availability == "工作日下午"));
        Assert.Equal(("教授", "省委党校", Courses.Registry.Lecturers.ExpertiseArea.Law), (me.Title, me.Affiliation, me.Expertise));

        // A text file called .png is refused and a file over the limit too; nothing is stored.
        Assert.Equal(HttpStatusCode.Redirect, (await UploadPhotoAsync(lecturer, "<svg onload=alert(1)>"u8.ToArray(), "me.png", "image/png")).StatusCode);
        Assert.Contains("只能上传 JPEG、PNG 或 WebP", await lecturer.GetStringAsync("/lecturer/profile"), StringComparison.Ordinal);
        var big = new byte[2 * 1024 * 1024 + 1];
        Png.CopyTo(big, 0);
        var tooBig = await UploadPhotoAsync(lecturer, big, "big.png", "image/png");
        Assert.True(tooBig.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, tooBig.StatusCode.ToString());
        Assert.Null((await QueryAsync(db => db.Lecturers.SingleAsync(l => l.Id == me.Id))).PhotoContentType);

        // A real PNG, sent as something else, is stored and served as what it is.
        Assert.Equal(HttpStatusCode.Redirect, (await UploadPhotoAsync(lecturer, Png, "me.jpg", "image/jpeg")).StatusCode);
        var photo = await lecturer.GetAsync($"/lecturers/{me.Id}/photo");
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await photo.Content.ReadAsByteArrayAsync());

        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/lecturers/{me.Id}/photo")).StatusCode);
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync($"/lecturers/{me.Id}/photo")).StatusCode);
        var refused = await trainee.GetAsync("/lecturer/profile");
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("/account/denied", StringComparison.Ordinal) == true);

        var mine = await lecturer.GetStringAsync("/lecture-hall/my-sessions");
        Assert.Contains("data-testid=\"my-profile\"", mine, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"lecturer-ratings\"", mine, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"my-sessions\"", mine, StringComparison.Ordinal);
        Assert.Contains($"/lecturers/{me.Id}/photo?v=1", mine, StringComparison.Ordinal);
        Assert.Contains("工作日下午", mine, StringComparison.Ordinal);
    }

    /// <summary>One poll of the outbox, as the mail worker makes on each tick of its timer; how many mails it sent.</summary>
    private Task<int> PollOutboxAsync() => MailWorker.RunOnceAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(),
        factory.Services.GetRequiredService<EmailSender>(), factory.Services.GetRequiredService<IOptions<SmtpOptions>>().Value, factory.Clock,
        NullLogger.Instance, CancellationToken.None);

    private async Task<OutgoingMail> WaitForOutboxAsync(string to, Func<OutgoingMail, bool> condition)
    {
        for (var i = 0; i < 150; i++)
        {
            var rows = await QueryAsync(db => db.OutgoingMail.AsNoTracking().Where(m => m.To == to).ToListAsync());
            if (rows.FirstOrDefault(condition) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The outbox never had the expected mail to {to}");
    }
}
