using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Web.Tests;

/// <summary>The default app: its clock runs on, and tests advance it so a minute of watching takes no minute of testing.</summary>
public sealed class WatchingFactory : LearnHubFactory;

/// <summary>
/// Validated watching through HTTP on a real SQLite file: heartbeats, the batched flush, lesson and
/// course completion, and the ledger credited exactly once; cheating earns nothing.
/// </summary>
public sealed class WatchingTests(WatchingFactory factory) : IClassFixture<WatchingFactory>
{
    private readonly WatchingDriver _watching = new(factory);

    private const string Trainee = WatchingDriver.Trainee;

    private Task<(int CourseId, int[] Lessons)> CourseAsync(int lessons = 1, decimal hours = 1.5m, bool published = true) =>
        _watching.CourseAsync(lessons, hours, published);

    private Task<PlaybackStart> StartAsync(HttpClient client, int lessonId) => _watching.StartAsync(client, lessonId);

    private Task<PlaybackBeat> BeatAsync(HttpClient client, Guid playbackId, double wallSeconds, params double[][] segments) =>
        _watching.BeatAsync(client, playbackId, wallSeconds, segments);

    private Task WatchWholeLessonAsync(HttpClient client, int lessonId) => _watching.WatchWholeLessonAsync(client, lessonId);

    private Task FlushAsync() => _watching.FlushAsync();

    private Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query) => _watching.QueryAsync(query);

    private Task<int> TraineeIdAsync() => _watching.TraineeIdAsync();

    [Fact]
    public async Task A_flush_of_several_chunks_writes_every_changed_lesson()
    {
        var count = (2 * ProgressFlusher.ChunkRows) + 7;
        var (courseId, lessons) = await CourseAsync(lessons: count);
        var personId = await TraineeIdAsync();
        var tracker = factory.Services.GetRequiredService<PlaybackTracker>();
        foreach (var lessonId in lessons)
        {
            var playback = tracker.Start(new LessonWatch(personId, lessonId, courseId, 30, false, Coverage.Parse(""), null));
            tracker.Delivered(playback.Id, playback.MediaAssetId, 0, 4);
            factory.Clock.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(2, tracker.Report(playback.Id, personId, [new PlayedSegment(0, 2)], visible: true)!.CreditedSeconds, 3);
        }

        await FlushAsync();

        var written = await QueryAsync(db => db.LessonProgress.CountAsync(p => p.PersonId == personId && lessons.Contains(p.LessonId) && p.CoveredSeconds == 2));
        Assert.Equal(count, written);
    }

    [Fact]
    public async Task Watching_every_lesson_completes_the_course_and_credits_the_ledger_once()
    {
        var (courseId, lessons) = await CourseAsync(lessons: 2);
        var client = await factory.SignInAsync(Trainee);
        var personId = await TraineeIdAsync();

        await WatchWholeLessonAsync(client, lessons[0]);
        await FlushAsync();
        var first = await QueryAsync(db => db.LessonProgress.AsNoTracking().SingleAsync(p => p.PersonId == personId && p.LessonId == lessons[0]));
        Assert.NotNull(first.CompletedAt);
        Assert.Equal("0-30", first.Coverage);
        Assert.False(await QueryAsync(db => db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId)));

        await WatchWholeLessonAsync(client, lessons[1]);
        await FlushAsync();
        // Watching again after completion changes nothing in the ledger.
        await WatchWholeLessonAsync(client, lessons[1]);
        await FlushAsync();
        await FlushAsync();

        Assert.True(await QueryAsync(db => db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId)));
        var credits = await QueryAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.PersonId == personId && e.CreditKey == $"course:{courseId}").ToListAsync());
        var credit = Assert.Single(credits);
        // Two 30-second videos are one minute of work: the short rate of the active rule set, whatever hours the course names.
        Assert.Equal(0.25m, credit.Hours);

        // Once complete the lesson may be skipped through freely.
        var again = await StartAsync(client, lessons[0]);
        Assert.True(again.Completed);
        Assert.False(again.RestrictSeeking);

        var page = await client.GetStringAsync($"/my/learning?culture=zh-CN");
        Assert.Contains($"data-testid=\"course-completed\" data-course-id=\"{courseId}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_playback_takes_over_and_the_first_earns_nothing()
    {
        var (_, lessons) = await CourseAsync();
        var phone = await factory.SignInAsync(Trainee);
        var laptop = await factory.SignInAsync(Trainee);

        var first = await StartAsync(phone, lessons[0]);
        Assert.Equal(12, (await BeatAsync(phone, first.PlaybackId, 12, [0, 12])).CreditedSeconds, 3);
        var second = await StartAsync(laptop, lessons[0]);
        Assert.Equal(12, second.FurthestSeconds, 3);
        // The laptop's player loads its media while the phone still reports.
        await _watching.Player(second.PlaybackId).FetchAsync(12, 20);

        var superseded = await BeatAsync(phone, first.PlaybackId, 12, [12, 24]);
        var current = await BeatAsync(laptop, second.PlaybackId, 0, [12, 20]);

        Assert.Equal("Superseded", superseded.Status);
        Assert.Equal(0, superseded.CreditedSeconds);
        Assert.False(string.IsNullOrEmpty(superseded.Message));
        Assert.Equal("Counted", current.Status);
        Assert.Equal(8, current.CreditedSeconds, 3);
        Assert.Equal(20, current.CoveredSeconds, 3);
    }

    [Fact]
    public async Task Jumping_ahead_and_claiming_more_media_than_wall_time_earn_nothing_extra()
    {
        var (_, lessons) = await CourseAsync(lessons: 1);
        var client = await factory.SignInAsync(Trainee);
        var start = await StartAsync(client, lessons[0]);
        Assert.True(start.RestrictSeeking);

        var honest = await BeatAsync(client, start.PlaybackId, 4, [0, 4]);
        var jump = await BeatAsync(client, start.PlaybackId, 12, [20, 30]);
        Assert.True(jump.SeekRejected);
        Assert.Equal(0, jump.CreditedSeconds);
        Assert.Equal(4, jump.SeekLimit!.Value, 3);
        Assert.False(string.IsNullOrEmpty(jump.Message));

        // 26 s of media claimed after 4 s of wall clock: 6 s (4 × 1.5) count — plus 1.5× the real time
        // the request itself took, which the shifted clock lets through (a fraction of a second).
        var fast = await BeatAsync(client, start.PlaybackId, 4, [4, 30]);
        Assert.True(fast.OverRate);
        Assert.InRange(fast.CreditedSeconds, 6, 7);
        Assert.InRange(fast.CoveredSeconds, 10, 11);
        Assert.False(fast.Covered);
        Assert.Equal(4, honest.CoveredSeconds, 3);
    }

    [Fact]
    public async Task Playback_is_for_signed_in_trainees_published_lessons_and_small_reports()
    {
        var (_, lessons) = await CourseAsync();
        var (_, hidden) = await CourseAsync(published: false);
        var anonymous = factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/playback/start", new { lessonId = lessons[0] })).StatusCode);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/v1/playback/start", new { lessonId = lessons[0] })).StatusCode);

        var trainee = await factory.SignInAsync(Trainee);
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.PostAsJsonAsync("/api/v1/playback/start", new { lessonId = hidden[0] })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await trainee.PostAsJsonAsync("/api/v1/playback/heartbeat",
            new { playbackId = Guid.NewGuid(), visible = true, segments = Array.Empty<object>() })).StatusCode);

        var start = await StartAsync(trainee, lessons[0]);
        Assert.Equal("首次学习时不能跳过尚未观看的内容。", start.Texts["seekLimited"]);
        var tooMany = await trainee.PostAsJsonAsync("/api/v1/playback/heartbeat",
            new { playbackId = start.PlaybackId, visible = true, segments = Enumerable.Range(0, 33).Select(i => new { from = i, to = i + 0.5, hidden = false }) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("32", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
