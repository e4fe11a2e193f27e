using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>The account list's bulk form in a browser: ticking a page of accounts and downloading their activation cards.</summary>
[Collection(ServerGroup.Name)]
public sealed class AccountSheetTests(ServerFixture server)
{
    [Fact]
    public async Task Supervisor_ticks_a_page_of_accounts_waiting_for_activation_and_downloads_their_cards()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "supervisor@learnhub.example");
        await page.GotoAsync("/admin/accounts?state=NotActivated");

        await page.Locator("input[data-tick-page]").CheckAsync();
        var boxes = page.Locator("input[name=ids]");
        Assert.True(await boxes.CountAsync() > 0);
        foreach (var box in await boxes.AllAsync())
        {
            Assert.True(await box.IsCheckedAsync());
        }

        // Choosing every account matching the filter clears the single ticks, so the form never says both.
        await page.Locator("#all").CheckAsync();
        Assert.False(await boxes.First.IsCheckedAsync());
        await page.Locator("input[data-tick-page]").CheckAsync();
        Assert.False(await page.Locator("#all").IsCheckedAsync());
        await ServerFixture.ScreenshotAsync(page, "supervisor-accounts-zh-desktop");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载激活卡（PDF）" }).ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var file = await download.PathAsync();
        Assert.True(new FileInfo(file!).Length > 1000);
    }

    [Fact]
    public async Task Administrator_issues_one_code_on_screen_with_its_qr_at_phone_width()
    {
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "admin@learnhub.example");
        await page.GotoAsync("/admin/accounts?state=NotActivated&q=" + Uri.EscapeDataString("吕宇航"));
        await page.Locator("table[data-testid=accounts] tbody a").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "重新发放激活码" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=code]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z0-9]{4}-[A-Z0-9]{4}$"));
        Assert.True(await page.Locator("[data-testid=issued-code] svg").IsVisibleAsync());
        await ServerFixture.ScreenshotAsync(page, "admin-account-code-zh-phone");

        // The account's trail says a code was issued, and by whom.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回账号" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=account-trail] tr[data-action=CodeIssued]").First).ToContainTextAsync("系统管理员");
        await ServerFixture.ScreenshotAsync(page, "admin-account-details-zh-phone");
    }
}
