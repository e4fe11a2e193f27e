using System.Text;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Calendar;

/// <summary>
/// Programme dates at the boundaries where a server on UTC and China disagree about the day: New Year,
/// the last day of a six-month window, the midnight before a session. The fake clock's own local zone
/// is UTC, as on most servers, so anything reading it instead of the programme's zone fails here.
/// </summary>
public sealed class ProgrammeClockTests
{
    private static DateTimeOffset China(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    [Fact]
    public void The_programme_day_turns_at_midnight_in_china_not_on_the_server()
    {
        var time = new FakeTimeProvider(China(2026, 12, 31, 23, 59));
        var clock = new ProgrammeClock(time);
        Assert.Equal(TimeZoneInfo.Utc, time.LocalTimeZone);
        Assert.Equal((new DateOnly(2026, 12, 31), 2026), (clock.Today, clock.Year));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal((new DateOnly(2027, 1, 1), 2027), (clock.Today, clock.Year));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 1, 0, TimeSpan.Zero), clock.UtcNow);
        Assert.Equal(TimeSpan.Zero, clock.UtcNow.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero), clock.Instant(new DateOnly(2027, 1, 1), new TimeOnly(0, 30)));
        Assert.Equal(new DateOnly(2027, 1, 1), clock.DateOf(clock.Instant(new DateOnly(2027, 1, 1), new TimeOnly(0, 30))));
    }

    [Fact]
    public void Another_programme_zone_is_honoured()
    {
        var clock = new ProgrammeClock(new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 2, 0, 0, TimeSpan.Zero)),
            TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
        Assert.Equal(new DateOnly(2026, 12, 31), clock.Today);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 16, 0, 0, TimeSpan.Zero), clock.Instant(new DateOnly(2026, 7, 1), new TimeOnly(9, 0)));
        Assert.Null(new ProgrammeOptions { TimeZone = "Mars/Olympus_Mons" }.FindZone());
        Assert.NotNull(new ProgrammeOptions().FindZone());
    }

    [Fact]
    public async Task A_course_completed_at_seven_on_new_years_morning_counts_for_the_new_year()
    {
        // 07:00 on 1 January in China is 23:00 on 31 December in UTC.
        var time = new FakeTimeProvider(China(2027, 1, 1, 7, 0));
        using var host = await CoursesHost.StartAsync(time);
        var (personId, courseId) = await host.WithAsync(async (_, db) =>
        {
            var person = await PersonAsync(db, PositionKind.PartyMember, new DateOnly(2020, 1, 1));
            var course = new Course { Slug = "watched", Title = "新年第一课", CreditHours = 1m, Published = true };
            course.Lessons.Add(new Lesson { Order = 1, Title = "第一讲", Minutes = 30, MediaAssetId = Guid.NewGuid(), VideoSeconds = 30 * 60 });
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            db.LessonProgress.Add(new LessonProgress
            {
                PersonId = person.Id, LessonId = course.Lessons[0].Id, CourseId = course.Id, DurationSeconds = 60, CoveredSeconds = 60,
                FurthestSeconds = 60, UpdatedAt = time.GetUtcNow(), CompletedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            return (person.Id, course.Id);
        });

        Assert.True(await host.WithAsync((services, _) => services.GetRequiredService<LessonCompletion>().TryCompleteCourseAsync(personId, courseId)));
        var entry = await host.WithAsync((_, db) => db.LedgerEntries.SingleAsync(e => e.PersonId == personId));
        Assert.Equal(new DateOnly(2027, 1, 1), entry.Date);
        var hours = await host.WithAsync((services, _) => services.GetRequiredService<ComplianceQueries>().PersonAsync(personId, 2027));
        Assert.Equal(1m, hours!.Totals.TotalHours);
    }

    [Fact]
    public async Task A_record_of_new_years_day_imported_at_half_past_midnight_is_not_in_the_future()
    {
        var time = new FakeTimeProvider(China(2027, 1, 1, 0, 30));
        using var host = await CoursesHost.StartAsync(time);
        await host.WithAsync((_, db) => PersonAsync(db, PositionKind.PartyMember, new DateOnly(2020, 1, 1)));
        var csv = "手机号,姓名,统一社会信用代码,培训日期,学时,集中培训,培训名称,证书编号\n13900000001,,,{0},3,是,新年集中学习,\n";
        var today = await host.WithAsync((services, _) => services.GetRequiredService<TrainingRecordImporter>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, csv, "2027-01-01"))), "r.csv", "admin", CancellationToken.None));
        Assert.True(today.Succeeded);
        var tomorrow = await host.WithAsync((services, _) => services.GetRequiredService<TrainingRecordImporter>()
            .ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, csv, "2027-01-02"))), "r.csv", "admin", CancellationToken.None));
        Assert.Equal(ImportProblemCode.TrainingDateInFuture, Assert.Single(tomorrow.Problems).Code);
    }

    [Fact]
    public async Task A_six_month_window_is_due_until_midnight_of_its_last_day_in_china()
    {
        // Appointed on 1 June: a centralized training is due by 1 December.
        var time = new FakeTimeProvider(China(2026, 12, 1, 23, 59));
        using var host = await CoursesHost.StartAsync(time);
        var personId = await host.WithAsync(async (_, db) => (await PersonAsync(db, PositionKind.Secretary, new DateOnly(2026, 6, 1))).Id);

        async Task<ComplianceStatus> NewSecretaryAsync() => (await host.WithAsync((services, _) =>
            services.GetRequiredService<ComplianceQueries>().PersonAsync(personId, 2026)))!.Outcomes.Single(o => o.Rule.Kind == RuleKind.NewSecretary).Status;

        // 15:59 UTC: still 1 December in China (a server reading its own zone would agree here)...
        Assert.Equal(ComplianceStatus.Due, await NewSecretaryAsync());
        // ...and two minutes later it is 2 December in China while the server's UTC day is still the 1st.
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(ComplianceStatus.NotMet, await NewSecretaryAsync());
    }

    [Fact]
    public async Task Check_in_for_a_session_just_after_midnight_opens_the_evening_before()
    {
        // A session at 00:30–02:00 on 27 November opens its check-in an hour before: 23:30 on the 26th in China.
        var time = new FakeTimeProvider(China(2026, 11, 26, 23, 20));
        using var host = await CoursesHost.StartAsync(time);
        var sessionId = await host.WithAsync(async (_, db) =>
        {
            var series = new LectureHallSeries { Title = "夜间专场", Year = 2026 };
            series.Sessions.Add(new LectureHallSession
            {
                Number = 1, Date = new DateOnly(2026, 11, 27), StartTime = new TimeOnly(0, 30), EndTime = new TimeOnly(2, 0), Topic = "跨夜讲座", Capacity = 10,
            });
            db.LectureHallSeries.Add(series);
            await db.SaveChangesAsync();
            return series.Sessions[0].Id;
        });

        Task<bool> OpenAsync() => host.WithAsync(async (services, db) =>
            services.GetRequiredService<AttendanceBook>().IsCheckInOpen(await db.LectureHallSessions.SingleAsync(s => s.Id == sessionId)));

        Assert.False(await OpenAsync());
        time.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await OpenAsync());
        time.Advance(TimeSpan.FromMinutes(35)); // 00:15 on the 27th: before the start, not late
        Assert.Equal(AttendanceState.Present, await host.WithAsync(async (services, db) =>
        {
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CheckInOptions>>().Value;
            var session = await db.LectureHallSessions.SingleAsync(s => s.Id == sessionId);
            return options.StateAt(services.GetRequiredService<ProgrammeClock>().Start(session), time.GetUtcNow());
        }));
    }

    private static async Task<Person> PersonAsync(Data.CoursesDbContext db, PositionKind position, DateOnly appointed)
    {
        var code = "51510000MJ0000009";
        var organization = new Organization
        {
            Name = "边界测试协会", CreditCode = code + CreditCode.CheckCharacter(code), SupervisingUnit = new SupervisingUnit { Code = "civil", Name = "省民政厅" },
        };
        var person = new Person { Name = "边界", Mobile = "13900000001", Organization = organization };
        person.AddPosition(position, appointed);
        db.People.Add(person);
        await db.SaveChangesAsync();
        return person;
    }
}
