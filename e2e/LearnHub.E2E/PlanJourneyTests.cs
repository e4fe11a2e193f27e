using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>The year's plan at phone width: a trainee continues the next item; a supervisor's assignment reaches a member's plan.</summary>
[Collection(ServerGroup.Name)]
public sealed class PlanJourneyTests(ServerFixture server)
{
    [Fact]
    public async Task Trainee_opens_my_learning_and_continues_the_next_item()
    {
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        await page.GotoAsync("/my/learning");

        var next = page.Locator("[data-testid=next-item]");
        await next.WaitForAsync();
        Assert.Contains($"{ServerFixture.Today.Year} 年度学习计划", await page.Locator("[data-testid=year-plan] h2").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("[data-testid=plan-item]").CountAsync() > 0);
        Assert.True(await page.Locator("[data-testid=pool-progress]").CountAsync() > 0);
        // Nothing on the page is wider than the phone.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ServerFixture.ScreenshotAsync(page, "my-plan-zh-phone");

        var title = (await next.Locator(".fw-semibold").InnerTextAsync()).Trim();
        await page.ClickAsync("[data-testid=continue]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/courses/[^?]+\?lesson=\d+"));
        Assert.Equal(title, (await page.Locator("[data-testid=course-title]").InnerTextAsync()).Trim());
        await ServerFixture.ScreenshotAsync(page, "my-plan-continue-zh-phone");
    }

    [Fact]
    public async Task Supervisor_assigns_a_course_to_an_organization_and_a_member_sees_it_on_their_plan()
    {
        await using var supervisorContext = await server.PhoneAsync();
        var page = await supervisorContext.NewPageAsync();
        await ServerFixture.SignInAsync(page, "supervisor@learnhub.example");
        await page.GotoAsync("/supervision/assignments");

        var option = page.Locator("#What optgroup").First.Locator("option").Last;
        var value = (await option.GetAttributeAsync("value"))!;
        var courseId = value["course:".Length..];
        await page.SelectOptionAsync("#What", value);
        await page.FillAsync("#DueOn", ServerFixture.Today.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var box = page.Locator("#Organization-search");
        await box.FillAsync("人工智能");
        var suggestion = page.Locator("#Organization-options option").First;
        await suggestion.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await box.FillAsync((await suggestion.GetAttributeAsync("value"))!);
        await Assertions.Expect(page.Locator("#Organization")).Not.ToHaveValueAsync("");
        await ServerFixture.ScreenshotAsync(page, "assign-course-zh-phone");
        await page.ClickAsync("[data-testid=assign-submit]");
        await page.Locator("[data-testid=assignment]").First.WaitForAsync();
        Assert.Contains("省人工智能学会", await page.Locator("[data-testid=assignment]").First.InnerTextAsync(), StringComparison.Ordinal);

        await using var traineeContext = await server.PhoneAsync();
        var trainee = await traineeContext.NewPageAsync();
        await ServerFixture.SignInAsync(trainee, "trainee@learnhub.example");
        await trainee.GotoAsync("/my/learning");
        var item = trainee.Locator($"[data-testid=plan-item][data-kind=Course][data-target-id='{courseId}']");
        await item.WaitForAsync();
        Assert.Contains("主管指派", await item.InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(trainee, "my-plan-assigned-zh-phone");
    }

    [Fact]
    public async Task Supervisor_ticks_a_member_on_the_plan_overview_assigns_a_course_and_the_member_sees_it_and_is_told()
    {
        await using var supervisorContext = await server.PhoneAsync();
        var page = await supervisorContext.NewPageAsync();
        await ServerFixture.SignInAsync(page, "supervisor@learnhub.example");
        await page.GotoAsync("/supervision/plans");

        // The member is on the list of people not yet complete: open their group and tick them.
        var member = page.Locator("[data-testid=plan-person]", new() { HasText = "许明哲" }).First;
        await member.EvaluateAsync("li => { li.closest('details').open = true; }");
        await member.Locator("[data-testid=select-person]").CheckAsync();
        Assert.Equal("已选择 1 人", (await page.Locator("[data-selection-count]").InnerTextAsync()).Trim());
        await ServerFixture.ScreenshotAsync(page, "plans-selection-zh-phone");
        await page.ClickAsync("[data-testid=selection-assign]");

        await Assertions.Expect(page.Locator("[data-testid=selection-count]")).ToHaveTextAsync("已选择 1 人");
        var option = page.Locator("#What optgroup").First.Locator("option").First;
        var value = (await option.GetAttributeAsync("value"))!;
        var courseId = value["course:".Length..];
        var title = (await option.InnerTextAsync()).Trim();
        await page.SelectOptionAsync("#What", value);
        await page.FillAsync("#DueOn", ServerFixture.Today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await ServerFixture.ScreenshotAsync(page, "selection-assign-zh-phone");
        await page.ClickAsync("[data-testid=selection-submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/supervision/plans\?year=\d+"));
        Assert.Contains(title, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        await using var traineeContext = await server.PhoneAsync();
        var trainee = await traineeContext.NewPageAsync();
        await ServerFixture.SignInAsync(trainee, "trainee@learnhub.example");
        await trainee.GotoAsync("/my/learning");
        await trainee.Locator($"[data-testid=plan-item][data-kind=Course][data-target-id='{courseId}']").WaitForAsync();
        await trainee.GotoAsync("/notifications");
        Assert.Contains($"新的学习任务：{title}", await trainee.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(trainee, "assigned-notice-zh-phone");
    }
}
