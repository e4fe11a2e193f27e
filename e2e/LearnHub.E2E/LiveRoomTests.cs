using Microsoft.Playwright;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed class LiveRoomTests(ServerFixture server)
{
    private const string Topic = "守牢底线：廉洁建设与风险防范";

    [Fact]
    public async Task Lecturer_moves_the_slides_answers_a_question_and_sees_both_trainees()
    {
        await using var lecturerContext = await server.DesktopAsync();
        await using var oneContext = await server.PhoneAsync();
        await using var twoContext = await server.PhoneAsync();
        var lecturer = await lecturerContext.NewPageAsync();
        var one = await oneContext.NewPageAsync();
        var two = await twoContext.NewPageAsync();
        await ServerFixture.SignInAsync(lecturer, "lecturer2@learnhub.example");
        await ServerFixture.SignInAsync(one, "trainee@learnhub.example");
        await ServerFixture.SignInAsync(two, "trainee2@learnhub.example");

        var sessionId = await FindSessionAsync(lecturer);
        await lecturer.GotoAsync($"/live/{sessionId}/console");
        await lecturer.WaitForSelectorAsync("#live-console[data-ready=true]");
        await one.GotoAsync($"/live/{sessionId}");
        await two.GotoAsync($"/live/{sessionId}");
        await one.WaitForSelectorAsync("#live-room[data-ready=true]");
        await two.WaitForSelectorAsync("#live-room[data-ready=true]");

        await lecturer.ClickAsync("#lc-start");
        await one.WaitForSelectorAsync("#lr-phase[data-phase=Live]");
        await lecturer.ClickAsync("#lc-next");
        await lecturer.ClickAsync("#lc-next");
        await one.WaitForSelectorAsync("#lr-slide[data-index='2']");
        await two.WaitForSelectorAsync("#lr-slide[data-index='2']");
        Assert.Contains("违规收费", await two.InnerTextAsync("#lr-slide"), StringComparison.Ordinal);

        await one.FillAsync("#lr-ask-text", "行业协会收取会费需要经过哪些程序？");
        await one.ClickAsync("#lr-ask button[type=submit]");
        var question = lecturer.Locator("[data-testid=console-questions] li", new() { HasText = "收取会费" });
        await question.WaitForAsync();
        await question.Locator("input[name=answer]").FillAsync("会费标准须经会员（代表）大会表决通过，并向社会公开。");
        await question.Locator("button[type=submit]").ClickAsync();
        await two.Locator("[data-testid=questions] li", new() { HasText = "会员（代表）大会" }).WaitForAsync();

        await lecturer.FillAsync("#lc-poll-question", "本页内容对您是否有帮助？");
        await lecturer.FillAsync("#lc-poll-options", "很有帮助\n有一定帮助\n帮助不大");
        await lecturer.ClickAsync("#lc-poll button[type=submit]");
        await one.ClickAsync("[data-testid=poll] button[data-option='0']");
        await lecturer.Locator("[data-testid=poll-results]", new() { HasText = "1 · 100%" }).WaitForAsync();
        await lecturer.FillAsync("#lc-notice-text", "请各位学员在问答区提交问题，讲师将在课程最后集中解答。");
        await lecturer.ClickAsync("#lc-notice button[type=submit]");
        await two.Locator("[data-testid=notice]", new() { HasText = "集中解答" }).WaitForAsync();

        await lecturer.ClickAsync("#lc-refresh");
        var attendance = lecturer.Locator("[data-testid=attendance]");
        await attendance.Locator("tr").Nth(1).WaitForAsync();
        var names = await attendance.InnerTextAsync();
        Assert.Contains("许明哲", names, StringComparison.Ordinal);
        Assert.Contains("向俊杰", names, StringComparison.Ordinal);
        Assert.Equal("2", await lecturer.InnerTextAsync("[data-testid=audience]"));

        await ServerFixture.ScreenshotAsync(two, "live-room-zh-phone");
        await ServerFixture.ScreenshotAsync(lecturer, "live-console-zh-desktop");
    }

    /// <summary>The demo's closing session is the one whose room carries its topic.</summary>
    private static async Task<int> FindSessionAsync(IPage page)
    {
        for (var id = 1; id <= 40; id++)
        {
            var response = await page.GotoAsync($"/live/{id}");
            if (response?.Ok == true && (await page.InnerTextAsync("h1")).Contains(Topic, StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw new InvalidOperationException("The demo's live session was not found.");
    }
}
