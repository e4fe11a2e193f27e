using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>The organization search box on the people pages, at phone width.</summary>
[Collection(ServerGroup.Name)]
public sealed class OrganizationPickerTests(ServerFixture server)
{
    [Fact]
    public async Task Admin_filters_people_by_an_organization_found_by_typing_part_of_its_name()
    {
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "admin@learnhub.example");
        await page.GotoAsync("/admin/people");

        var box = page.Locator("#organization-search");
        await box.FillAsync("人工智能");
        var option = page.Locator("#organization-options option").First;
        await option.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var label = await option.GetAttributeAsync("value");
        Assert.StartsWith("省人工智能学会（", label, StringComparison.Ordinal);

        // Choosing a suggestion puts its exact label in the box, as a browser's datalist does.
        await box.FillAsync(label!);
        await Assertions.Expect(page.Locator("#organization")).Not.ToHaveValueAsync("");
        await ServerFixture.ScreenshotAsync(page, "admin-people-organization-picker-zh-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/admin/people\?.*organization=\d+"));
        var rows = page.Locator("table tbody tr");
        Assert.True(await rows.CountAsync() > 0);
        foreach (var organization in await page.Locator("table tbody tr td:nth-child(3)").AllInnerTextsAsync())
        {
            Assert.Equal("省人工智能学会", organization.Trim());
        }

        Assert.Equal(label, await page.Locator("#organization-search").InputValueAsync());
    }
}
