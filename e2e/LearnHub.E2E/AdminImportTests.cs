using System.Text;
using Microsoft.Playwright;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed class AdminImportTests(ServerFixture server)
{
    private const string Header = "组织名称,统一社会信用代码,组织类型,所属领域,评估等级,业务主管单位,党组织形式,姓名,性别,手机号,职务,任职日期";

    [Fact]
    public async Task Admin_imports_a_roster_after_fixing_the_rows_it_reported()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "admin@learnhub.example");
        var code = CreditCodeFor("MJE2E0001");
        var good = $"省新材料产业促进会,{code},社会团体,科技,3A,省科学技术协会,独立党组织,钟一鸣,男,13912340001,负责人,2023-04-01";
        var bad = $"省新材料产业促进会,{code},社会团体,科技,3A,省科学技术协会,独立党组织,罗小青,女,1391234,党员,2024-13-01";

        await page.GotoAsync("/admin/import");
        await UploadAsync(page, "roster-with-errors.csv", Header, good, bad);
        await page.Locator("[data-testid=import-problems]").WaitForAsync();
        var problems = await page.Locator("[data-testid=import-problems]").InnerTextAsync();
        Assert.Contains("3", problems, StringComparison.Ordinal);
        Assert.Contains("手机号", problems, StringComparison.Ordinal);
        Assert.Contains("任职日期", problems, StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(page, "admin-import-errors-zh-desktop");

        await page.GotoAsync("/admin/organizations?q=" + Uri.EscapeDataString("省新材料产业促进会"));
        Assert.DoesNotContain(code, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GotoAsync("/admin/import");
        await UploadAsync(page, "roster.csv", Header, good, bad.Replace("1391234,", "13912340002,", StringComparison.Ordinal).Replace("2024-13-01", "2024-03-01", StringComparison.Ordinal));
        await page.Locator("[data-testid=import-succeeded]").WaitForAsync();
        await ServerFixture.ScreenshotAsync(page, "admin-import-done-zh-desktop");

        await page.GotoAsync("/admin/organizations?q=" + Uri.EscapeDataString("省新材料产业促进会"));
        Assert.Contains(code, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_import_page_works_on_a_phone()
    {
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "admin@learnhub.example");
        await page.GotoAsync("/admin/import");
        await page.Locator("[data-testid=import-form]").WaitForAsync();
        await ServerFixture.ScreenshotAsync(page, "admin-import-zh-phone");
        await page.GotoAsync("/admin/organizations");
        await ServerFixture.ScreenshotAsync(page, "admin-organizations-zh-phone");
        await page.GotoAsync("/admin/lecturers");
        await ServerFixture.ScreenshotAsync(page, "admin-lecturers-zh-phone");
        await page.GotoAsync("/admin/courses");
        await page.Locator("a[href^='/admin/courses/'][href$='/edit']").First.ClickAsync();
        await page.Locator("form").Last.WaitForAsync();
        await ServerFixture.ScreenshotAsync(page, "admin-course-edit-zh-phone");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 380, $"the page is {width}px wide on a 375px screen");
    }

    private static async Task UploadAsync(IPage page, string name, params string[] lines)
    {
        await page.SetInputFilesAsync("#file", new FilePayload
        {
            Name = name,
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"),
        });
        await page.ClickAsync("[data-testid=import-form] button[type=submit]");
    }

    /// <summary>A unified social credit code for a provincial social group with the given organization code.</summary>
    private static string CreditCodeFor(string organizationCode)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var first17 = "51510000" + organizationCode;
        var sum = first17.Select((c, i) => alphabet.IndexOf(c, StringComparison.Ordinal) * weights[i]).Sum();
        return first17 + alphabet[(31 - (sum % 31)) % 31];
    }
}
