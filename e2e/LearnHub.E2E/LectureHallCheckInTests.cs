using System.Globalization;
using Microsoft.Playwright;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed class LectureHallCheckInTests(ServerFixture server)
{
    [Fact]
    public async Task Trainee_registers_on_a_phone_downloads_the_calendar_and_checks_in_with_the_code_on_the_screen()
    {
        // A session happening now (programme time), created through the admin pages.
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var start = TimeOnly.FromDateTime(now.DateTime).AddMinutes(-10);
        var end = TimeOnly.FromDateTime(now.DateTime).AddMinutes(60);
        (start, end) = (start > TimeOnly.FromDateTime(now.DateTime) ? new TimeOnly(0, 0) : start, end < TimeOnly.FromDateTime(now.DateTime) ? new TimeOnly(23, 59) : end);
        var topic = "现场签到演练：社会组织年检材料准备";

        await using var staff = await server.PhoneAsync();
        var admin = await staff.NewPageAsync();
        await ServerFixture.SignInAsync(admin, "admin@learnhub.example");
        await admin.GotoAsync("/admin/lecture-hall");
        await ServerFixture.ScreenshotAsync(admin, "admin-lecture-hall-zh-phone");
        await admin.Locator("[data-testid=series] a").First.ClickAsync();
        await admin.Locator("a[href$='/sessions/new']").ClickAsync();
        await admin.FillAsync("#Number", "20");
        await admin.FillAsync("#Date", now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await admin.FillAsync("#StartTime", start.ToString("HH:mm", CultureInfo.InvariantCulture));
        await admin.FillAsync("#EndTime", end.ToString("HH:mm", CultureInfo.InvariantCulture));
        await admin.FillAsync("#Topic", topic);
        await admin.FillAsync("#Venue", "省社会组织党群服务中心 302 室");
        await admin.FillAsync("#Capacity", "30");
        await ServerFixture.ScreenshotAsync(admin, "admin-session-edit-zh-phone");
        await admin.ClickAsync("[data-testid=save-session]");
        var link = admin.Locator("[data-testid=sessions] a", new() { HasText = topic });
        var href = await link.GetAttributeAsync("href");
        Assert.NotNull(href);

        await using var phone = await server.PhoneAsync();
        var trainee = await phone.NewPageAsync();
        await ServerFixture.SignInAsync(trainee, "trainee@learnhub.example");
        await trainee.GotoAsync(href);
        Assert.Contains("30 / 30", await trainee.InnerTextAsync("[data-testid=seats-left]"), StringComparison.Ordinal);
        await trainee.ClickAsync("[data-testid=register]");
        await trainee.Locator("[data-testid=my-state]", new() { HasText = "已报名" }).WaitForAsync();
        Assert.Contains("29 / 30", await trainee.InnerTextAsync("[data-testid=seats-left]"), StringComparison.Ordinal);

        var download = await trainee.RunAndWaitForDownloadAsync(() => trainee.ClickAsync("[data-testid=ics]"));
        var path = await download.PathAsync();
        var ics = await File.ReadAllTextAsync(path!);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Asia/Shanghai:" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "T" + start.ToString("HHmm", CultureInfo.InvariantCulture) + "00", ics, StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(trainee, "session-registered-zh-phone");

        await admin.GotoAsync(href + "/checkin-screen");
        var codeBox = admin.Locator("[data-testid=fallback-code]");
        await admin.WaitForFunctionAsync("() => /^[0-9]{6}$/.test(document.querySelector('[data-testid=fallback-code]').textContent)");
        await admin.Locator("#qr").WaitForAsync();
        var code = (await codeBox.InnerTextAsync()).Trim();

        await trainee.FillAsync("#code", code);
        await trainee.ClickAsync("[data-testid=checkin-form] button[type=submit]");
        await trainee.Locator(".alert-success", new() { HasText = "签到成功" }).WaitForAsync();

        await admin.Locator("[data-testid=checked-in]", new() { HasText = "许明哲" }).WaitForAsync(new() { Timeout = 10_000 });
        Assert.Equal("1", (await admin.InnerTextAsync("[data-testid=checked-in-count]")).Trim());
        await ServerFixture.ScreenshotAsync(admin, "checkin-screen-zh-phone");
        await ServerFixture.ScreenshotAsync(trainee, "session-checked-in-zh-phone");

        await trainee.ClickAsync("[data-testid=notification-bell]");
        await trainee.Locator("[data-testid=notifications]", new() { HasText = topic }).WaitForAsync();
        await ServerFixture.ScreenshotAsync(trainee, "notifications-zh-phone");

        await using var desktop = await server.DesktopAsync();
        var wide = await desktop.NewPageAsync();
        await ServerFixture.SignInAsync(wide, "admin@learnhub.example");
        await wide.GotoAsync(href + "/checkin-screen");
        await wide.Locator("[data-testid=checked-in]", new() { HasText = "许明哲" }).WaitForAsync();
        await ServerFixture.ScreenshotAsync(wide, "checkin-screen-zh-desktop");
        await wide.GotoAsync(href + "/roster");
        await ServerFixture.ScreenshotAsync(wide, "session-roster-zh-desktop");
    }

    [Fact]
    public async Task Admin_plans_an_eight_session_series_month_by_month()
    {
        await using var context = await server.DesktopAsync();
        var admin = await context.NewPageAsync();
        await ServerFixture.SignInAsync(admin, "admin@learnhub.example");
        await admin.GotoAsync("/admin/lecture-hall");
        await admin.FillAsync("#Form_Title", "2025 年社会组织大讲堂（补录）");
        await admin.FillAsync("#FirstMonth", "2025-03");
        Assert.Equal("8", await admin.InputValueAsync("#Count"));
        await admin.FillAsync("#Capacity", "120");
        await admin.ClickAsync("form[action='/admin/lecture-hall/new'] button[type=submit]");
        await admin.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/admin/lecture-hall/\d+$"));

        // One session a month from March to October, numbered 1 to 8.
        var rows = admin.Locator("[data-testid=sessions] tbody tr");
        Assert.Equal(8, await rows.CountAsync());
        for (var i = 0; i < 8; i++)
        {
            var cells = await rows.Nth(i).Locator("td").AllInnerTextsAsync();
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), cells[0].Trim());
            Assert.StartsWith($"2025-{i + 3:00}-", cells[1].Trim(), StringComparison.Ordinal);
        }

        await ServerFixture.ScreenshotAsync(admin, "admin-series-created-zh-desktop");
    }
}
