using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed class MediaJourneyTests(ServerFixture server)
{
    private const string Course = "pb-three-meetings-one-lesson";

    [Fact]
    public async Task Lecturer_uploads_a_clip_and_sees_it_ready_then_a_trainee_watches_it()
    {
        var clip = GenerateClip();
        try
        {
            await using var lecturerContext = await server.PhoneAsync();
            var lecturer = await lecturerContext.NewPageAsync();
            await ServerFixture.SignInAsync(lecturer, "lecturer@learnhub.example");
            await lecturer.GotoAsync($"/courses/{Course}");
            var manage = await lecturer.Locator("[data-testid=manage-lesson-1]").GetAttributeAsync("href");
            var lessonId = int.Parse(manage!.Split('/')[2], CultureInfo.InvariantCulture);
            await lecturer.GotoAsync(manage);
            await lecturer.Locator("[data-testid=media-upload]").WaitForAsync();
            await ServerFixture.ScreenshotAsync(lecturer, "lesson-media-empty-zh-phone");

            await lecturer.SetInputFilesAsync("[data-testid=video-file]", clip);
            await lecturer.ClickAsync("[data-testid=upload-start]");
            await lecturer.Locator("[data-testid=upload-progress]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            await lecturer.Locator("[data-testid=upload-state][data-state=processing], [data-testid=upload-state][data-state=queued], [data-testid=upload-state][data-state=ready]")
                .WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            await ServerFixture.ScreenshotAsync(lecturer, "lesson-media-progress-zh-phone");
            await lecturer.Locator("[data-testid=upload-state][data-state=ready]").WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
            await lecturer.Locator("[data-testid=preview-video]").WaitForAsync();
            Assert.Equal("100", await lecturer.Locator("[data-testid=upload-progress]").GetAttributeAsync("aria-valuenow"));
            await ServerFixture.ScreenshotAsync(lecturer, "lesson-media-ready-zh-phone");

            await using var traineeContext = await server.PhoneAsync();
            var trainee = await traineeContext.NewPageAsync();
            await ServerFixture.SignInAsync(trainee, "trainee@learnhub.example");
            await trainee.GotoAsync($"/courses/{Course}?lesson={lessonId}");
            var video = trainee.Locator("[data-testid=lesson-video]");
            await video.WaitForAsync();
            Assert.Equal(lessonId.ToString(CultureInfo.InvariantCulture), await video.GetAttributeAsync("data-lesson-id"));
            Assert.NotNull(await video.GetAttributeAsync("data-course-id"));
            await video.EvaluateAsync("v => { v.muted = true; return v.play(); }");
            await trainee.WaitForFunctionAsync("() => document.querySelector('[data-testid=lesson-video]').currentTime > 1.5",
                null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            await video.EvaluateAsync("v => v.pause()");
            await ServerFixture.ScreenshotAsync(trainee, "course-player-zh-phone");
        }
        finally
        {
            File.Delete(clip);
        }
    }

    [Fact]
    public async Task Demo_courses_have_playable_generated_videos_and_a_quality_menu_on_desktop()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        // The demo clips are generated and transcoded in the background after start-up: first the source
        // plays as it is (one rendition), then the ladder replaces it.
        var video = page.Locator("[data-testid=lesson-video]");
        for (var stopwatch = Stopwatch.StartNew(); ; await Task.Delay(2000))
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(240), "The demo video's ladder did not become ready.\n" + server.ServerLog());
            await page.GotoAsync("/courses/pb-organization-building");
            if (await video.CountAsync() == 0)
            {
                continue;
            }

            await page.Locator("[data-testid=quality] option").Nth(1).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            if ((await page.Locator("[data-testid=quality] option").AllInnerTextsAsync()).Contains("360p"))
            {
                break;
            }
        }

        Assert.Contains("720p", await page.Locator("[data-testid=quality] option").AllInnerTextsAsync());
        Assert.True(await page.Locator("#quality-menu").IsVisibleAsync());
        await video.EvaluateAsync("v => { v.muted = true; return v.play(); }");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=lesson-video]').currentTime > 1",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await page.SelectOptionAsync("[data-testid=quality]", new SelectOptionValue { Label = "720p" });
        await video.EvaluateAsync("v => v.pause()");
        await ServerFixture.ScreenshotAsync(page, "course-player-zh-desktop");
    }

    private static string GenerateClip()
    {
        var path = Path.Combine(Path.GetTempPath(), $"第一讲-{Guid.NewGuid():N}.mp4");
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", "smptebars=size=640x360:rate=25:duration=6",
                     "-f", "lavfi", "-i", "sine=frequency=660:duration=6", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                     "-c:a", "aac", "-shortest", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        return path;
    }
}
