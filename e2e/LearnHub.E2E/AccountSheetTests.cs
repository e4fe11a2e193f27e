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
}
