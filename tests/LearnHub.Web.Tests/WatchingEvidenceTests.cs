using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

/// <summary>
/// The scripted attacks on watching credit, replayed exactly over HTTP, and the honest player beside
/// them: media never fetched earns nothing, a single late report stops where the check fell due, the
/// check's code is not in anything a script reads, and guessing ends the check as missed.
/// </summary>
public sealed class WatchingEvidenceTests(WatchingFactory factory) : IClassFixture<WatchingFactory>
{
    private const double TwentyOneMinutes = 1260;
    private readonly WatchingDriver _watching = new(factory);

    [Fact]
    public async Task A_script_that_waits_and_claims_the_lesson_without_fetching_media_earns_nothing()
    {
        var (_, lessons) = await _watching.CourseAsync(seconds: TwentyOneMinutes);
        var script = await factory.SignInAsync(WatchingDriver.Trainee);
        var start = await _watching.StartAsync(script, lessons[0]);

        // 560 s of silence, then one report covering 0–1260 s; then 14 minutes of idling and the same again.
        var first = await _watching.ReportAsync(script, start.PlaybackId, 560, [0, TwentyOneMinutes]);
        var second = await _watching.ReportAsync(script, start.PlaybackId, 840, [0, TwentyOneMinutes]);

        Assert.Equal(0, first.CreditedSeconds);
        Assert.True(first.Undelivered);
        Assert.Equal(0, second.CreditedSeconds);
        Assert.Equal(0, second.CoveredSeconds);
        Assert.Equal(0, _watching.Player(start.PlaybackId).Fetched);
    }

    [Fact]
    public async Task Media_fetched_through_another_playbacks_urls_or_an_unsigned_playback_is_no_evidence()
    {
        var (_, lessons) = await _watching.CourseAsync(seconds: 120);
        var client = await factory.SignInAsync(WatchingDriver.Trainee);
        var mine = await _watching.StartAsync(client, lessons[0]);

        // A playback id pasted into someone else's signed URL breaks the signature.
        var forged = mine.Source.Replace(mine.PlaybackId.ToString("N"), Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(forged)).StatusCode);

        // The page's own URL (no playback) plays, but fetching through it earns this playback nothing.
        var page = await _watching.QueryAsync(db => db.Lessons.Where(l => l.Id == lessons[0]).Select(l => l.MediaAssetId!.Value).SingleAsync());
        var library = factory.Services.CreateScope().ServiceProvider.GetRequiredService<LearnHub.Media.MediaLibrary>();
        var plain = await HlsPlayer.OpenAsync(client, library.SignedBase(page) + "master.m3u8");
        await plain.FetchAsync(0, 24);
        var beat = await _watching.ReportAsync(client, mine.PlaybackId, 12, [0, 12]);
        Assert.Equal(0, beat.CreditedSeconds);

        // Fetched through its own URLs, the same stretch counts.
        var honest = await _watching.BeatAsync(client, mine.PlaybackId, 12, [0, 12]);
        Assert.Equal(12, honest.CreditedSeconds, 1);
    }

    [Fact]
    public async Task One_late_report_stops_where_the_check_fell_due_and_the_code_is_only_in_the_picture()
    {
        var (_, lessons) = await _watching.CourseAsync(seconds: TwentyOneMinutes);
        var client = await factory.SignInAsync(WatchingDriver.Trainee);
        var start = await _watching.StartAsync(client, lessons[0]);
        var tracker = factory.Services.GetRequiredService<PlaybackTracker>();
        var personId = await _watching.TraineeIdAsync();

        // The player fetches all the media at once, the script waits 14 minutes and claims everything.
        await _watching.Player(start.PlaybackId).FetchAsync(0, TwentyOneMinutes);
        var late = await _watching.ReportAsync(client, start.PlaybackId, 840, [0, TwentyOneMinutes]);

        Assert.Equal("CheckPending", late.Status);
        var check = late.Check!.Value;
        var pending = tracker.PendingCheck(start.PlaybackId, personId, check.GetProperty("id").GetGuid())!;
        // Credit stops at the moment the check fell due (7–13 minutes in at 1.5×), short of the lesson.
        Assert.InRange(late.CreditedSeconds, (7 * 60 * 1.5) - 1, (13 * 60 * 1.5) + 1);
        Assert.True(late.CoveredSeconds < TwentyOneMinutes);
        var json = check.GetRawText() + JsonSerializer.Serialize(late);
        Assert.DoesNotContain(pending.Code, json, StringComparison.Ordinal);
        Assert.DoesNotContain(pending.Code, check.GetProperty("prompt").GetString()!, StringComparison.Ordinal);

        var image = await client.GetAsync(check.GetProperty("image").GetString());
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await image.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal("no-store", image.Headers.CacheControl!.ToString());
        var someoneElse = await factory.SignInAsync("trainee2@learnhub.example");
        Assert.Equal(HttpStatusCode.NotFound, (await someoneElse.GetAsync(check.GetProperty("image").GetString())).StatusCode);

        // Nothing more is credited until the check is answered.
        var held = await _watching.ReportAsync(client, start.PlaybackId, 12, [0, TwentyOneMinutes]);
        Assert.Equal(0, held.CreditedSeconds);
        Assert.Equal(late.CoveredSeconds, held.CoveredSeconds);

        var answered = await AnswerAsync(client, start.PlaybackId, check.GetProperty("id").GetGuid(), pending.Code);
        Assert.True(answered.GetProperty("accepted").GetBoolean());
    }

    [Fact]
    public async Task Guessing_the_code_ends_the_check_as_missed_and_the_record_shows_it()
    {
        var (_, lessons) = await _watching.CourseAsync(seconds: TwentyOneMinutes);
        var client = await factory.SignInAsync(WatchingDriver.Trainee);
        var start = await _watching.StartAsync(client, lessons[0]);
        var tracker = factory.Services.GetRequiredService<PlaybackTracker>();
        var personId = await _watching.TraineeIdAsync();
        PlaybackBeat beat;
        var at = 0.0;
        do
        {
            beat = await _watching.BeatAsync(client, start.PlaybackId, 12, [at, at + 12]);
            at += 12;
        }
        while (beat.Check is null && at < TwentyOneMinutes);

        var checkId = beat.Check!.Value.GetProperty("id").GetGuid();
        var code = tracker.PendingCheck(start.PlaybackId, personId, checkId)!.Code;
        var wrong = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var first = await AnswerAsync(client, start.PlaybackId, checkId, wrong);
        Assert.False(first.GetProperty("accepted").GetBoolean());
        Assert.Equal(2, first.GetProperty("attemptsLeft").GetInt32());
        await AnswerAsync(client, start.PlaybackId, checkId, "1");
        var third = await AnswerAsync(client, start.PlaybackId, checkId, wrong);
        Assert.True(third.GetProperty("missed").GetBoolean());
        // The right code after the miss is too late.
        Assert.False((await AnswerAsync(client, start.PlaybackId, checkId, code)).GetProperty("accepted").GetBoolean());

        var held = await _watching.BeatAsync(client, start.PlaybackId, 12, [at, at + 12]);
        Assert.Equal("CheckPending", held.Status);
        Assert.Equal(0, held.CreditedSeconds);
        Assert.False(string.IsNullOrEmpty(held.Message));

        await _watching.FlushAsync();
        var record = await _watching.QueryAsync(db => db.WatchCheckRecords.AsNoTracking().SingleAsync(c => c.Id == checkId));
        Assert.Equal(CheckOutcome.Missed, record.Outcome);
        Assert.Equal(3, record.WrongAnswers);
        Assert.Equal(start.PlaybackId, record.PlaybackId);
        var playback = await _watching.QueryAsync(db => db.PlaybackRecords.AsNoTracking().SingleAsync(p => p.Id == start.PlaybackId));
        Assert.Equal(personId, playback.PersonId);
        Assert.True(playback.DeliveredSeconds >= playback.CreditedSeconds);
        Assert.StartsWith("0-", playback.Intervals, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_sees_the_evidence_and_an_administrator_reverses_the_credit()
    {
        // Two lessons of 30 s: one minute of work, a quarter hour under the default conversion.
        var (courseId, lessons) = await _watching.CourseAsync(lessons: 2);
        var trainee = await factory.SignInAsync(WatchingDriver.Trainee);
        var personId = await _watching.TraineeIdAsync();
        await _watching.WatchWholeLessonAsync(trainee, lessons[0]);
        await _watching.WatchWholeLessonAsync(trainee, lessons[1]);
        await _watching.FlushAsync();
        await _watching.FlushAsync();
        var key = $"course:{courseId}";
        Assert.True(await _watching.QueryAsync(db => db.LedgerEntries.AnyAsync(e => e.PersonId == personId && e.CreditKey == key)));

        var url = $"/supervision/plans/{personId}/courses/{courseId}/evidence";
        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");
        var page = await supervisor.GetStringAsync(url + "?culture=zh-CN");
        Assert.Contains("data-testid=\"evidence-playbacks\"", page, StringComparison.Ordinal);
        Assert.Contains("0-30", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/reverse", page, StringComparison.Ordinal);
        // A trainee is sent to the access-denied page.
        Assert.Contains("/account/denied", (await trainee.GetAsync(url)).Headers.Location!.ToString(), StringComparison.Ordinal);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var adminPage = await admin.GetStringAsync(url);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reason"] = "同一时段在两台设备上观看，经核实为代学",
            ["__RequestVerificationToken"] = LearnHubFactory.AntiforgeryToken(adminPage),
        });
        var reversed = await admin.PostAsync($"/supervision/plans/{personId}/lessons/{lessons[0]}/reverse", form);
        Assert.True(reversed.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, reversed.StatusCode.ToString());

        var progress = await _watching.QueryAsync(db => db.LessonProgress.AsNoTracking().SingleAsync(p => p.PersonId == personId && p.LessonId == lessons[0]));
        Assert.Equal(0, progress.CoveredSeconds);
        Assert.Null(progress.CompletedAt);
        Assert.False(await _watching.QueryAsync(db => db.CourseCompletions.AnyAsync(c => c.PersonId == personId && c.CourseId == courseId)));
        var entries = await _watching.QueryAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.PersonId == personId).ToListAsync());
        var credit = entries.Single(e => e.CreditKey == key);
        Assert.Contains(entries, e => e.ReversesEntryId == credit.Id && e.Hours == -credit.Hours);
        var reversal = await _watching.QueryAsync(db => db.WatchingReversals.AsNoTracking().SingleAsync(r => r.PersonId == personId && r.LessonId == lessons[0]));
        Assert.Equal("0-30", reversal.Coverage);
        Assert.Contains("代学", await supervisor.GetStringAsync(url), StringComparison.Ordinal);

        // Watched again honestly, the course completes and credits again, under a key of its own.
        await _watching.WatchWholeLessonAsync(trainee, lessons[0]);
        await _watching.FlushAsync();
        await _watching.FlushAsync();
        var again = await _watching.QueryAsync(db => db.LedgerEntries.AsNoTracking().SingleAsync(e => e.PersonId == personId && e.CreditKey == key + "#2"));
        Assert.Equal(credit.Hours, again.Hours);
    }

    private static async Task<JsonElement> AnswerAsync(HttpClient client, Guid playbackId, Guid checkId, string answer)
    {
        var response = await client.PostAsJsonAsync("/api/v1/playback/attention", new { playbackId, checkId, answer });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
