using Microsoft.Playwright;
using MiniExcelLibs;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed class ComplianceTests(ServerFixture server)
{
    [Fact]
    public async Task Supervisor_filters_the_dashboard_to_members_and_downloads_the_xlsx()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "supervisor@learnhub.example");
        await page.GotoAsync("/supervision");
        var before = int.Parse(await page.Locator("[data-testid=shortfall-count]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.SelectOptionAsync("#tier", "Members");
        await page.ClickAsync("[data-testid=apply-filter]");
        await page.WaitForURLAsync(url => url.Contains("tier=Members", StringComparison.Ordinal));
        await page.Locator("canvas[data-chart]").WaitForAsync();
        var after = int.Parse(await page.Locator("[data-testid=shortfall-count]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(after, 1, before);
        // Every organization listed belongs to the supervisor's unit (the science and technology association).
        Assert.DoesNotContain("省卫生健康委员会", await page.Locator("[data-testid=rates-by-organization]").InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(page, "supervision-members-zh-desktop");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-xlsx]"));
        var path = Path.Combine(ServerFixture.Artifacts, "compliance-members.xlsx");
        await download.SaveAsAsync(path);
        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        // A line per person and rule they fall short of: the heading counts the people.
        Assert.Equal(after, rows.Select(r => (r["姓名"]?.ToString(), r["社会组织"]?.ToString())).Distinct().Count());
        Assert.All(rows, r => Assert.Contains("党员", r["层级"]?.ToString() ?? "", StringComparison.Ordinal));

        // The organization filter is a search box over the supervisor's own unit.
        var box = page.Locator("#organization-search");
        await box.FillAsync("人工智能");
        var option = page.Locator("#organization-options option").First;
        await option.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await box.FillAsync((await option.GetAttributeAsync("value"))!);
        await Assertions.Expect(page.Locator("#organization")).Not.ToHaveValueAsync("");
        await page.ClickAsync("[data-testid=apply-filter]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"organization=\d+"));
        var listed = await page.Locator("[data-testid=rates-by-organization] tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(["省人工智能学会"], listed.Select(o => o.Trim()).ToArray());
        // An organization of another unit (省家庭健康服务促进会, health commission) is not offered.
        await box.FillAsync("家庭健康");
        await page.WaitForFunctionAsync("() => document.querySelector('#organization-search').validationMessage !== ''");
        Assert.Equal(0, await page.Locator("#organization-options option").CountAsync());
    }


    [Fact]
    public async Task My_hours_and_the_dashboard_fit_a_phone_in_Chinese()
    {
        await using var trainee = await server.PhoneAsync();
        var page = await trainee.NewPageAsync();
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        await page.GotoAsync("/my/hours");
        await page.Locator("[data-testid=rule-outcome]").First.WaitForAsync();
        // The demo trainee became secretary some three months ago and has had no centralized training since.
        Assert.Equal("Due", await page.Locator("[data-rule=new-secretary]").GetAttributeAsync("data-status"));
        await page.Locator("canvas[data-chart]").WaitForAsync();
        await ServerFixture.ScreenshotAsync(page, "my-hours-zh-phone");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 380, "my hours is wider than the phone");

        await using var supervisor = await server.PhoneAsync();
        var dashboard = await supervisor.NewPageAsync();
        await ServerFixture.SignInAsync(dashboard, "supervisor@learnhub.example");
        await dashboard.GotoAsync("/supervision");
        await dashboard.Locator("[data-testid=shortfalls]").WaitForAsync();
        await ServerFixture.ScreenshotAsync(dashboard, "supervision-zh-phone");
        Assert.True(await dashboard.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 380, "the dashboard is wider than the phone");
    }
}
