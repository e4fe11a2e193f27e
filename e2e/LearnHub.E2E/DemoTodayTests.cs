using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// The demo is dated from the day the server loaded it: whatever the day, one lecture-hall session is under
/// way, its venue screen takes a code and its live console opens, and the held ones have their replays.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class DemoTodayTests(ServerFixture server)
{
    [Fact]
    public async Task A_session_is_under_way_today_its_screen_takes_the_trainees_code_and_its_console_opens()
    {
        await using var phone = await server.PhoneAsync();
        var trainee = await phone.NewPageAsync();
        await ServerFixture.SignInAsync(trainee, "trainee@learnhub.example");
        await trainee.GotoAsync("/lecture-hall");
        await trainee.Locator("main a[href^='/lecture-hall/']").First.ClickAsync();
        // The demo's session of the day is given by 罗健 (other tests may add sessions of their own today).
        var today = trainee.Locator("[data-testid=sessions] li", new() { Has = trainee.Locator("[data-testid=under-way]"), HasText = "罗健" });
        Assert.Equal(1, await today.CountAsync());
        Assert.Equal(4, await trainee.Locator("[data-testid=sessions] li a", new() { HasText = "观看回放" }).CountAsync());
        Assert.True(await trainee.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ServerFixture.ScreenshotAsync(trainee, "lecture-hall-series-today-zh-phone");
        var session = (await today.Locator("h2 a").GetAttributeAsync("href"))!;
        var sessionId = session.Split('/')[^1];

        // The lecturer of the day puts the venue screen up: some of the audience has arrived already.
        await using var staff = await server.DesktopAsync();
        var lecturer = await staff.NewPageAsync();
        await ServerFixture.SignInAsync(lecturer, "lecturer2@learnhub.example");
        await lecturer.GotoAsync(session + "/checkin-screen");
        await lecturer.WaitForFunctionAsync("() => /^[0-9]{6}$/.test(document.querySelector('[data-testid=fallback-code]').textContent)");
        await lecturer.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=checked-in-count]').textContent) > 0");
        var arrived = int.Parse(await lecturer.InnerTextAsync("[data-testid=checked-in-count]"), System.Globalization.CultureInfo.InvariantCulture);
        var code = (await lecturer.InnerTextAsync("[data-testid=fallback-code]")).Trim();

        await trainee.GotoAsync(session);
        await trainee.FillAsync("#code", code);
        await trainee.ClickAsync("[data-testid=checkin-form] button[type=submit]");
        await trainee.Locator(".alert-success", new() { HasText = "签到成功" }).WaitForAsync();
        await ServerFixture.ScreenshotAsync(trainee, "demo-session-checked-in-zh-phone");
        await lecturer.Locator("[data-testid=checked-in]", new() { HasText = "许明哲" }).WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal(arrived + 1, int.Parse(await lecturer.InnerTextAsync("[data-testid=checked-in-count]"), System.Globalization.CultureInfo.InvariantCulture));
        await ServerFixture.ScreenshotAsync(lecturer, "demo-checkin-screen-zh-desktop");

        await lecturer.GotoAsync($"/live/{sessionId}/console");
        await lecturer.WaitForSelectorAsync("#live-console[data-ready=true]");
        await ServerFixture.ScreenshotAsync(lecturer, "demo-live-console-zh-desktop");
    }
}
