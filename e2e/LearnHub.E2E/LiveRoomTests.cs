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

        // Chat arrives in bundles: two quick lines reach the other phone, in the order sent.
        await one.ClickAsync("#tab-chat");
        await two.ClickAsync("#tab-chat");
        await one.FillAsync("#lr-chat-form input", "第一条：会费标准在哪里公开？");
        await one.ClickAsync("#lr-chat-form button[type=submit]");
        // The box empties once the server took the line.
        await Assertions.Expect(one.Locator("#lr-chat-form input")).ToHaveValueAsync("");
        await one.FillAsync("#lr-chat-form input", "第二条：谢谢老师！");
        await one.ClickAsync("#lr-chat-form button[type=submit]");
        var chat = two.Locator("[data-testid=chat] li");
        await two.Locator("[data-testid=chat] li", new() { HasText = "第二条" }).WaitForAsync();
        var lines = await chat.AllInnerTextsAsync();
        Assert.True(lines.Count >= 2, string.Join(" | ", lines));
        Assert.Contains("第一条", lines[^2], StringComparison.Ordinal);
        Assert.Contains("第二条", lines[^1], StringComparison.Ordinal);

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

    [Fact]
    public async Task A_pdf_uploaded_on_the_console_is_shown_page_by_page_on_a_phone()
    {
        await using var adminContext = await server.DesktopAsync();
        await using var phoneContext = await server.PhoneAsync();
        var admin = await adminContext.NewPageAsync();
        var phone = await phoneContext.NewPageAsync();
        await ServerFixture.SignInAsync(admin, "admin@learnhub.example");
        await ServerFixture.SignInAsync(phone, "trainee@learnhub.example");

        // Another session than the Markdown test's, so the two can run in either order.
        var sessionId = await FindSessionAsync(admin, "民生服务与防范");
        var pdf = await DeckAsync(adminContext);
        await admin.GotoAsync($"/live/{sessionId}/console");
        await admin.WaitForSelectorAsync("#live-console[data-ready=true]");
        await phone.GotoAsync($"/live/{sessionId}");
        await phone.WaitForSelectorAsync("#live-room[data-ready=true]");

        await admin.SetInputFilesAsync("#lc-deck-file", new FilePayload { Name = "第七期课件.pdf", MimeType = "application/pdf", Buffer = pdf });
        await admin.ClickAsync("#slides-deck form[enctype] button[type=submit]");
        // The phone already in the room switches to the PDF's first page once every page is rendered.
        await phone.WaitForFunctionAsync("() => { const i = document.querySelector('#lr-slide img'); return i && i.complete && i.naturalWidth > 0; }",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.Equal("第 1 / 3 页", (await phone.InnerTextAsync("#lr-slide-counter")).Trim());

        await admin.WaitForSelectorAsync("#live-console[data-ready=true]");
        await admin.WaitForSelectorAsync("#lc-slide img");
        await admin.ClickAsync("#lc-next");
        await phone.WaitForSelectorAsync("#lr-slide[data-index='1'] img");
        await phone.WaitForFunctionAsync("() => { const i = document.querySelector('#lr-slide img'); return i.complete && i.naturalWidth > 0; }");
        Assert.EndsWith("/2.jpg", await phone.GetAttributeAsync("#lr-slide img", "src"), StringComparison.Ordinal);
        // The page fits the phone's width.
        var width = await phone.EvaluateAsync<double>("() => document.querySelector('#lr-slide img').getBoundingClientRect().width");
        Assert.InRange(width, 300, 375);
        await ServerFixture.ScreenshotAsync(phone, "live-room-pdf-zh-phone");
    }

    /// <summary>A three-page 16:9 deck in Chinese, printed by the browser itself.</summary>
    private static async Task<byte[]> DeckAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <style>@page { size: 960px 540px; margin: 0 } body { margin: 0 }
            section { width: 960px; height: 540px; box-sizing: border-box; padding: 80px; page-break-after: always; font-size: 44px }</style>
            <section style="background:#b71c1c;color:#fff"><h1>民生服务与防范“伪公益”</h1></section>
            <section><h2>一、识别“伪公益”的三个信号</h2></section>
            <section style="background:#fff8e1"><h2>二、规范募捐与信息公开</h2></section>
            """);
        var pdf = await page.PdfAsync(new PagePdfOptions { Width = "960px", Height = "540px", PrintBackground = true });
        await page.CloseAsync();
        return pdf;
    }

    /// <summary>The demo's closing session is the one whose room carries its topic.</summary>
    private static Task<int> FindSessionAsync(IPage page) => FindSessionAsync(page, Topic);

    private static async Task<int> FindSessionAsync(IPage page, string topic)
    {
        for (var id = 1; id <= 40; id++)
        {
            var response = await page.GotoAsync($"/live/{id}");
            if (response?.Ok == true && (await page.InnerTextAsync("h1")).Contains(topic, StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw new InvalidOperationException("The demo's live session was not found.");
    }
}
