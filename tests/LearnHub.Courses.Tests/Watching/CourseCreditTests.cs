using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Watching;

/// <summary>
/// A course's hours from the work of every lesson, under the year's active conversion: nothing until all is
/// done, then exactly the conversion; reading timed by the server from visible reports.
/// </summary>
public sealed class CourseCreditTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.FromHours(8)));
    private CoursesHost? _host;

    public void Dispose() => _host?.Dispose();

    private async Task<CoursesHost> HostAsync() => _host ??= await CoursesHost.StartAsync(_time);

    /// <summary>A trainee and a published course of the given lessons (a video's seconds, or a reading time in minutes).</summary>
    private async Task<(int PersonId, int CourseId, int[] Lessons)> CourseAsync(params Lesson[] lessons)
    {
        var host = await HostAsync();
        return await host.WithAsync(async (_, db) =>
        {
            var code = "51510000MJ00000" + Random.Shared.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var organization = new Organization
            {
                Name = "协会" + Guid.NewGuid().ToString("N")[..6], CreditCode = code + CreditCode.CheckCharacter(code),
                SupervisingUnit = new SupervisingUnit { Code = Guid.NewGuid().ToString("N")[..8], Name = "省民政厅" },
            };
            var person = new Person { Name = "林晓", Mobile = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture), Organization = organization };
            db.People.Add(person);
            // The figure an author once typed; what is credited never comes from it.
            var course = new Course { Slug = "c-" + Guid.NewGuid().ToString("N")[..8], Title = "社会组织党组织建设实务", CreditHours = 3m, Published = true };
            course.Lessons.AddRange(lessons.Select((l, i) => { l.Order = i + 1; l.Title = $"第{i + 1}讲"; return l; }));
            db.Courses.Add(course);
            await db.SaveChangesAsync();
            return (person.Id, course.Id, course.Lessons.Select(l => l.Id).ToArray());
        });
    }

    private static Lesson Video(double seconds) => new() { Minutes = 40, MediaAssetId = Guid.NewGuid(), VideoSeconds = seconds };

    private static Lesson Reading(int minutes) => new() { Minutes = 40, ReadingMinutes = minutes, NotesMarkdown = "讲义" };

    /// <summary>The person's player covered the whole video and the flusher asked for completion, as watching does.</summary>
    private async Task<bool> WatchAsync(int personId, int courseId, int lessonId, double seconds) =>
        await (await HostAsync()).WithAsync(async (services, db) =>
        {
            db.LessonProgress.Add(new LessonProgress
            {
                PersonId = personId, LessonId = lessonId, CourseId = courseId, Coverage = $"0-{seconds}", CoveredSeconds = seconds,
                FurthestSeconds = seconds, DurationSeconds = seconds, UpdatedAt = _time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            return await services.GetRequiredService<LessonCompletion>().TryCompleteLessonAsync(personId, lessonId);
        });

    private async Task<ReadingProgress> ReportAsync(int personId, int lessonId, bool visible = true) =>
        await (await HostAsync()).WithAsync(async (services, _) =>
        {
            var reading = services.GetRequiredService<ReadingService>();
            var lesson = await reading.FindLessonAsync(lessonId);
            return await reading.ReportAsync(personId, lesson!, visible);
        });

    /// <summary>Reports every 15 s, visible, for the given minutes after a first report that starts the clock.</summary>
    private async Task<ReadingProgress> ReadAsync(int personId, int lessonId, int minutes)
    {
        var last = await ReportAsync(personId, lessonId);
        for (var i = 0; i < minutes * 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            last = await ReportAsync(personId, lessonId);
        }

        return last;
    }

    private async Task<List<LedgerEntry>> CreditsAsync(int personId) =>
        await (await HostAsync()).WithAsync((_, db) => db.LedgerEntries.AsNoTracking().Where(e => e.PersonId == personId).ToListAsync());

    private async Task<decimal> OfferedAsync(int courseId) =>
        await (await HostAsync()).WithAsync((services, _) => services.GetRequiredService<CourseCredit>().OfferedAsync(courseId));

    [Fact]
    public void Nothing_is_converted_until_every_lesson_is_done_and_a_quiz_adds_the_test_hours()
    {
        var rule = new OnlineCreditSettings();
        Assert.Equal(0m, CourseCredit.Convert(rule, [new(1, 3600, false, true), new(2, 60, false, false)]));
        Assert.Equal(0m, CourseCredit.Convert(rule, []));
        Assert.Equal(1m, CourseCredit.Convert(rule, [new(1, 1790, false, true), new(2, 10, false, true)]));
        Assert.Equal(0.5m, CourseCredit.Convert(rule, [new(1, 1799, false, true)]));
        Assert.Equal(0.75m, CourseCredit.Convert(rule, [new(1, 60, false, true), new(2, 0, true, true)]));
    }

    [Fact]
    public async Task Two_short_videos_of_a_four_lesson_course_credit_nothing_until_every_lesson_is_done_then_the_conversion()
    {
        var (personId, courseId, lessons) = await CourseAsync(Video(30), Video(30), Reading(40), Reading(35));
        // One minute of video and 75 of reading: at least 30 minutes, one hour under the default conversion.
        Assert.Equal(1m, await OfferedAsync(courseId));

        Assert.True(await WatchAsync(personId, courseId, lessons[0], 30));
        Assert.True(await WatchAsync(personId, courseId, lessons[1], 30));
        Assert.Empty(await CreditsAsync(personId));

        Assert.True((await ReadAsync(personId, lessons[2], 40)).Completed);
        Assert.Empty(await CreditsAsync(personId));
        var last = await ReadAsync(personId, lessons[3], 35);

        Assert.True(last.Completed);
        var credit = Assert.Single(await CreditsAsync(personId));
        Assert.Equal(1m, credit.Hours);
        Assert.Equal(LedgerReference.ForCourse(courseId).Value, credit.CreditKey);
        Assert.True(await _host!.WithAsync((_, db) => db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId)));
    }

    [Fact]
    public async Task A_reading_lesson_completes_only_after_its_reading_time_of_visible_reports()
    {
        var (personId, _, lessons) = await CourseAsync(Reading(2));
        var first = await ReportAsync(personId, lessons[0]);
        Assert.Equal((0d, 120d, false), (first.ReadSeconds, first.RequiredSeconds, first.Completed));
        ReadingProgress last = first;
        for (var i = 0; i < 7; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            last = await ReportAsync(personId, lessons[0]);
            Assert.Equal(15, last.CreditedSeconds);
        }

        Assert.Equal(105, last.ReadSeconds);
        Assert.False(last.Completed);
        _time.Advance(TimeSpan.FromSeconds(15));
        last = await ReportAsync(personId, lessons[0]);
        Assert.True(last.Completed);
        Assert.Equal(0.25m, Assert.Single(await CreditsAsync(personId)).Hours);
    }

    [Fact]
    public async Task Reports_faster_than_the_clock_while_hidden_or_after_a_long_silence_earn_no_more_than_time_seen()
    {
        var (personId, _, lessons) = await CourseAsync(Reading(5));
        // A hundred reports in ten seconds earn at most those ten seconds.
        for (var i = 0; i < 100; i++)
        {
            await ReportAsync(personId, lessons[0]);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var read = (await ReportAsync(personId, lessons[0])).ReadSeconds;
        Assert.InRange(read, 0, 10);

        // Hidden for five minutes, reporting so every 15 s: nothing.
        await ReportAsync(personId, lessons[0], visible: false);
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(15));
            Assert.Equal(0, (await ReportAsync(personId, lessons[0], visible: false)).CreditedSeconds);
        }

        // Visible, then silent for ten minutes: one report's worth at most.
        await ReportAsync(personId, lessons[0]);
        _time.Advance(TimeSpan.FromMinutes(10));
        var after = await ReportAsync(personId, lessons[0]);
        Assert.Equal(ReadingClock.MaxCreditSeconds, after.CreditedSeconds);
        Assert.False(after.Completed);
        Assert.Equal(read + ReadingClock.MaxCreditSeconds, after.ReadSeconds);
        Assert.Empty(await CreditsAsync(personId));
    }

    [Fact]
    public async Task A_lesson_whose_only_work_is_its_quiz_is_done_when_the_quiz_is_passed_and_adds_the_test_hours()
    {
        var (personId, courseId, lessons) = await CourseAsync(Reading(1), new Lesson { Minutes = 10 });
        await _host!.WithAsync(async (_, db) =>
        {
            var bank = new QuestionBank { Title = "题库", CourseId = courseId };
            db.Add(bank);
            await db.SaveChangesAsync();
            db.Add(new Quiz { Title = "测验", BankId = bank.Id, LessonId = lessons[1], QuestionCount = 1, PassPercent = 60, MaxAttempts = 3, Published = true });
            return await db.SaveChangesAsync();
        });
        // One minute of reading (0.25) and a passed test (0.5).
        Assert.Equal(0.75m, await OfferedAsync(courseId));

        Assert.True((await ReadAsync(personId, lessons[0], 1)).Completed);
        Assert.Empty(await CreditsAsync(personId));
    }

    [Fact]
    public async Task Changing_the_active_conversion_changes_what_a_course_offers_and_what_it_credits()
    {
        var (personId, courseId, lessons) = await CourseAsync(Reading(1));
        Assert.Equal(0.25m, await OfferedAsync(courseId));

        await _host!.WithAsync(async (services, _) =>
        {
            var rules = services.GetRequiredService<RuleBook>();
            await rules.EnsureYearAsync(2027);
            var active = await rules.ActiveAsync(2027);
            var set = await rules.FindForEditAsync(active.Id);
            set!.OnlineCredit.ShortHours = 0.5m;
            await rules.SaveAsync();
            await services.GetRequiredService<CourseCredit>().RefreshAsync();
            return 0;
        });

        Assert.Equal(0.5m, await OfferedAsync(courseId));
        Assert.Equal(0.5m, await _host.WithAsync((_, db) => db.Courses.Where(c => c.Id == courseId).Select(c => c.CreditHours).SingleAsync()));
        Assert.True((await ReadAsync(personId, lessons[0], 1)).Completed);
        Assert.Equal(0.5m, Assert.Single(await CreditsAsync(personId)).Hours);
    }
}
