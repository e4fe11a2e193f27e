using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// The course page's player and watch reporter in Chromium against the real server: a first viewing
/// cannot skip ahead, watching to the end completes the course on "my learning" and credits its hours
/// on "my hours" once, and a second tab takes over. The lesson's video is a real HLS rendition made by
/// ffmpeg and published in the server's media folder, so the segments hls.js fetches through the
/// playback's own URL are the evidence the server credits.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class WatchingTests(ServerFixture server)
{
    // A minute: the shortest video the online-credit conversion turns into hours (a quarter hour by default).
    private const double ClipSeconds = 60;

    /// <summary>Cuts a test pattern of the clip's length into HLS, as the transcoder publishes an asset.</summary>
    private void PublishClip(string assetId)
    {
        var folder = Path.Combine(server.DataPath, "media", "assets", Guid.Parse(assetId).ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "v0"));
        File.WriteAllText(Path.Combine(folder, "master.m3u8"),
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=320x180\nv0/index.m3u8\n");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var arg in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size=320x180:rate=10:duration={ClipSeconds}",
                     "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "10", "-an",
                     "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
                     "-hls_segment_filename", Path.Combine(folder, "v0", "segment_%03d.ts"), Path.Combine(folder, "v0", "index.m3u8") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    /// <summary>Gives the first lesson of a published demo course a ready video of the clip's length.</summary>
    private (int LessonId, int CourseId, string Slug, string Title) AttachVideo()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataPath, "learnhub.db")};Default Timeout=30");
        connection.Open();
        using var find = connection.CreateCommand();
        find.CommandText = """
            SELECT l."Id", c."Id", c."Slug", c."Title" FROM "Lessons" l JOIN "Courses" c ON c."Id" = l."CourseId"
            WHERE c."Published" = 1 ORDER BY c."Id" DESC, l."Order" LIMIT 1
            """;
        using var reader = find.ExecuteReader();
        reader.Read();
        var lesson = (reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3));
        reader.Close();
        var assetId = Guid.NewGuid().ToString().ToUpperInvariant();
        var ticks = DateTimeOffset.UtcNow.UtcTicks;
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO media_assets ("Id", "FileName", "Status", "UploadLength", "UploadOffset", "Progress", "DurationSeconds", "Width", "Height",
                "Failure", "Attempts", "OwnerId", "LessonId", "CreatedAt", "UpdatedAt")
            VALUES ($id, 'clip.webm', 'Ready', 1, 1, 1, $duration, 320, 180, 'None', 1, 'e2e', $lesson, $ticks, $ticks);
            UPDATE "Lessons" SET "MediaAssetId" = $id, "VideoSeconds" = $duration WHERE "Id" = $lesson;
            """;
        insert.Parameters.AddWithValue("$id", assetId);
        insert.Parameters.AddWithValue("$duration", ClipSeconds);
        insert.Parameters.AddWithValue("$lesson", lesson.Item1);
        insert.Parameters.AddWithValue("$ticks", ticks);
        insert.ExecuteNonQuery();
        PublishClip(assetId);
        return lesson;
    }

    private static async Task OpenLessonAsync(IPage page, string slug, int lessonId)
    {
        await page.GotoAsync($"/courses/{slug}?lesson={lessonId}");
        // The player starts a playback first and then loads that playback's own playlist.
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('#lesson-video'); return v && v.dataset.playbackId && v.readyState >= 1; }",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.EvaluateAsync("() => { document.querySelector('#lesson-video').muted = true; }");
    }

    private static Task<string> StatusAsync(IPage page) => page.Locator("[data-testid=watch-status]").InnerTextAsync();

    [Fact]
    public async Task First_viewing_cannot_skip_watching_to_the_end_completes_the_course_and_a_second_tab_takes_over()
    {
        var (lessonId, courseId, slug, title) = AttachVideo();
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        await OpenLessonAsync(page, slug, lessonId);
        var initial = await StatusAsync(page);
        Assert.True(initial.Contains("0%", StringComparison.Ordinal), "status: [" + initial + "]");

        // Skipping ahead on a first viewing snaps back with a message.
        await page.EvaluateAsync("() => { document.querySelector('#lesson-video').currentTime = 10; }");
        await page.WaitForFunctionAsync("() => document.querySelector('#lesson-video').currentTime < 2 && !document.querySelector('#lesson-video').seeking");
        Assert.Contains("不能跳过", await StatusAsync(page), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(page, "watching-seek-limited-zh-phone");

        // Watch to the end faster than real time but under the 1.5× cap: exactly at the cap, timing jitter
        // between the player and the reports would cost a little coverage and the 95% might not be reached.
        await page.EvaluateAsync("() => { const v = document.querySelector('#lesson-video'); v.playbackRate = 1.25; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('#lesson-video').ended", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        // The last report shows 95% or more — or already "completed", when the flush that completes the lesson
        // came first (the reports and the 2 s flush race on a busy machine).
        try
        {
            await page.WaitForFunctionAsync("() => /(9[5-9]|100)%|已完成/.test(document.querySelector('[data-testid=watch-status]').textContent)",
                null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the status stayed at [" + await StatusAsync(page) + "]");
        }

        // The progress is written every 2 s and the course completes with its only video lesson.
        var learning = await context.NewPageAsync();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await learning.GotoAsync("/my/learning");
            if (await learning.Locator($"[data-testid=course-completed][data-course-id='{courseId}']").CountAsync() > 0)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.Contains(title, await learning.Locator("[data-testid=courses-completed]").InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(learning, "my-learning-progress-zh-phone");

        // The course's hours reach "my hours" once, as an online course completion.
        await learning.GotoAsync("/my/hours");
        // The line names the course by its title (never by a key such as "course:7").
        var credit = learning.Locator("[data-testid=ledger-line]", new() { HasText = title });
        Assert.Equal(1, await credit.CountAsync());
        Assert.DoesNotContain($"course:{courseId}", await credit.InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(learning, "my-hours-after-watching-zh-phone");
        await learning.CloseAsync();

        // A second tab takes over; the first is told at its next report and stops.
        var second = await context.NewPageAsync();
        await OpenLessonAsync(second, slug, lessonId);
        await page.EvaluateAsync("() => document.querySelector('#lesson-video').dispatchEvent(new Event('pause'))");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=watch-status]').textContent.includes('其他设备')");
        await ServerFixture.ScreenshotAsync(page, "watching-superseded-zh-phone");
        Assert.Contains("已完成", await StatusAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_learning_shows_progress_on_desktop()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        await page.GotoAsync("/my/learning");
        await page.Locator("[data-testid=my-profile]").WaitForAsync();
        Assert.True(await page.Locator("[data-testid=no-progress], [data-testid=course-completed], [data-testid=course-progress]").CountAsync() > 0);
        await ServerFixture.ScreenshotAsync(page, "my-learning-progress-zh-desktop");
    }
}
