using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Media.Assets;
using LearnHub.Media.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Web.Tests.Support;

internal sealed record PlaybackStart(Guid PlaybackId, string Source, double DurationSeconds, double FurthestSeconds, bool RestrictSeeking, bool Completed,
    Dictionary<string, string> Texts);

internal sealed record PlaybackBeat(string Status, double CreditedSeconds, double CoveredSeconds, double FurthestSeconds, int Percent,
    double? SeekLimit, bool SeekRejected, bool OverRate, bool Covered, bool Completed, JsonElement? Check, string? Message, bool Undelivered);

/// <summary>
/// Drives validated watching through HTTP as the lesson player does: courses of their own with
/// published HLS media, playbacks whose player fetches the segments it then reports, and the
/// test clock advanced by the wall-clock time between reports.
/// </summary>
internal sealed class WatchingDriver(LearnHubFactory factory)
{
    public const string Trainee = "trainee@learnhub.example";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Each playback's player, which fetches the media a report then claims (the server's evidence).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, HlsPlayer> _players = new();

    /// <summary>A course of its own per test, with lessons whose videos are ready, published and <paramref name="seconds"/> long.</summary>
    public async Task<(int CourseId, int[] Lessons)> CourseAsync(int lessons = 1, decimal hours = 1.5m, bool published = true, double seconds = 30)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var media = scope.ServiceProvider.GetRequiredService<MediaDbContext>();
        var now = DateTimeOffset.UtcNow;
        var course = new Course
        {
            Slug = "watch-" + Guid.NewGuid().ToString("N")[..10], Title = "社会组织财务管理实务", Summary = "观看测试", CreditHours = hours,
            Format = CourseFormat.Online, Topic = CourseTopic.Finance, Published = published,
        };
        for (var i = 1; i <= lessons; i++)
        {
            var asset = new MediaAsset(Guid.NewGuid(), $"第{i}讲.mp4", 1000, "lecturer", null, now);
            asset.Appended(1000, now);
            asset.Validated(seconds, 320, 180, now);
            asset.Started(now);
            asset.Completed(now);
            media.Assets.Add(asset);
            course.Lessons.Add(new Lesson { Order = i, Title = $"第{i}讲", Minutes = (int)Math.Ceiling(seconds / 60), MediaAssetId = asset.Id,
                VideoSeconds = seconds });
        }

        await media.SaveChangesAsync();
        var storage = scope.ServiceProvider.GetRequiredService<LearnHub.Media.Storage.IMediaStorage>();
        foreach (var lesson in course.Lessons)
        {
            await HlsPlayer.PublishAsync(storage, lesson.MediaAssetId!.Value, seconds);
        }

        db.Courses.Add(course);
        await db.SaveChangesAsync();
        return (course.Id, [.. course.Lessons.Select(l => l.Id)]);
    }

    public async Task<PlaybackStart> StartAsync(HttpClient client, int lessonId)
    {
        var response = await client.PostAsJsonAsync("/api/v1/playback/start", new { lessonId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var start = (await response.Content.ReadFromJsonAsync<PlaybackStart>(Json))!;
        _players[start.PlaybackId] = await HlsPlayer.OpenAsync(client, start.Source);
        return start;
    }

    /// <summary>The player fetches the media of the segments as it plays them, then reports after the wall-clock time.</summary>
    public async Task<PlaybackBeat> BeatAsync(HttpClient client, Guid playbackId, double wallSeconds, params double[][] segments)
    {
        foreach (var segment in segments)
        {
            await _players[playbackId].FetchAsync(segment[0], segment[1]);
        }

        return await ReportAsync(client, playbackId, wallSeconds, segments);
    }

    /// <summary>A report alone, fetching nothing: what a script that only speaks the API sends.</summary>
    public async Task<PlaybackBeat> ReportAsync(HttpClient client, Guid playbackId, double wallSeconds, params double[][] segments)
    {
        factory.Clock.Advance(TimeSpan.FromSeconds(wallSeconds));
        var response = await client.PostAsJsonAsync("/api/v1/playback/heartbeat",
            new { playbackId, visible = true, segments = segments.Select(s => new { from = s[0], to = s[1], hidden = false }) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlaybackBeat>(Json))!;
    }

    public HlsPlayer Player(Guid playbackId) => _players[playbackId];

    public async Task WatchWholeLessonAsync(HttpClient client, int lessonId)
    {
        var start = await StartAsync(client, lessonId);
        await BeatAsync(client, start.PlaybackId, 12, [0, 12]);
        await BeatAsync(client, start.PlaybackId, 12, [12, 24]);
        var last = await BeatAsync(client, start.PlaybackId, 6, [24, 30]);
        Assert.True(last.Covered);
        Assert.Equal(100, last.Percent);
    }

    public async Task FlushAsync()
    {
        var flusher = factory.Services.GetServices<IHostedService>().OfType<ProgressFlusher>().Single();
        await flusher.FlushAsync(CancellationToken.None);
    }

    public async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    public Task<int> TraineeIdAsync() => QueryAsync(db => db.People.Where(p => p.Mobile == "13800000001").Select(p => p.Id).SingleAsync());
}
