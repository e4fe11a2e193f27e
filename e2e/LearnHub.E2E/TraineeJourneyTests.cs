using Microsoft.Playwright;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed class TraineeJourneyTests(ServerFixture server)
{
    [Fact]
    public async Task Trainee_signs_in_on_a_phone_switches_language_filters_the_catalogue_and_opens_a_course()
    {
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await ServerFixture.ScreenshotAsync(page, "home-zh-phone");
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        Assert.Contains("/my/learning", page.Url, StringComparison.Ordinal);
        await page.Locator("[data-testid=my-profile]").WaitForAsync();
        Assert.Contains("省人工智能学会", await page.Locator("[data-testid=my-profile]").InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(page, "my-learning-zh-phone");

        await page.GotoAsync("/courses");
        var all = await page.Locator("[data-testid=course-card]").CountAsync();
        await page.SelectOptionAsync("#tier", "Secretaries");
        await page.SelectOptionAsync("#topic", "PartyBuilding");
        await page.ClickAsync("[data-testid=apply-filter]");
        await page.WaitForURLAsync(url => url.Contains("tier=Secretaries", StringComparison.Ordinal));
        var filtered = await page.Locator("[data-testid=course-card]").CountAsync();
        Assert.InRange(filtered, 1, all - 1);
        await ServerFixture.ScreenshotAsync(page, "catalogue-filtered-zh-phone");

        // The menu collapses on a phone: open it to reach the language switch.
        await SwitchLanguageOnPhoneAsync(page, "en");
        Assert.Contains("Course catalogue", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Equal(filtered, await page.Locator("[data-testid=course-card]").CountAsync());
        await ServerFixture.ScreenshotAsync(page, "catalogue-filtered-en-phone");

        await page.Locator("[data-testid=course-card] a").First.ClickAsync();
        await page.Locator("[data-testid=course-title]").WaitForAsync();
        Assert.True(await page.Locator("[data-testid=course-notes] h2").CountAsync() > 0);
        await ServerFixture.ScreenshotAsync(page, "course-en-phone");

        await SwitchLanguageOnPhoneAsync(page, "zh-CN");
        await ServerFixture.ScreenshotAsync(page, "course-zh-phone");
    }

    /// <summary>
    /// Opens the collapsed menu, waits until it has finished opening (a click during Bootstrap's
    /// collapse animation can miss), and submits the language switch.
    /// </summary>
    private static async Task SwitchLanguageOnPhoneAsync(IPage page, string culture)
    {
        await page.ClickAsync(".navbar-toggler");
        await page.Locator("#nav.show").WaitForAsync();
        var switched = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/culture", StringComparison.Ordinal));
        await page.ClickAsync("[data-testid=language-switch]");
        Assert.Equal(302, (await switched).Status);
        await page.WaitForSelectorAsync($"html[lang={culture}]", new() { State = WaitForSelectorState.Attached });
    }

    [Fact]
    public async Task Lecture_hall_series_shows_its_eight_sessions_on_desktop()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/lecture-hall");
        await page.Locator("a[href^='/lecture-hall/']").First.ClickAsync();
        await page.Locator("[data-testid=sessions] > li").First.WaitForAsync();
        Assert.Equal(8, await page.Locator("[data-testid=sessions] > li").CountAsync());
        await ServerFixture.ScreenshotAsync(page, "lecture-hall-zh-desktop");
    }
}
