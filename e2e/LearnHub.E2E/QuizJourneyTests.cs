using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace LearnHub.E2E;

[Collection(ServerGroup.Name)]
public sealed partial class QuizJourneyTests(ServerFixture server)
{
    private static readonly string[] Verdicts = ["通过", "未通过"];

    [Fact]
    public async Task Trainee_takes_a_quiz_on_a_phone_and_sees_the_result_then_answers_a_survey()
    {
        // The lecturer's pages list the quiz and the session with their links.
        await using var lecturerContext = await server.PhoneAsync();
        var lecturer = await lecturerContext.NewPageAsync();
        await ServerFixture.SignInAsync(lecturer, "lecturer@learnhub.example");
        await lecturer.GotoAsync("/admin/assessments");
        await ServerFixture.ScreenshotAsync(lecturer, "assessments-lecturer-zh-phone");
        var quizHref = await lecturer.Locator("[data-testid=quizzes] a", new() { HasTextString = "“三会一课”的制度要求" }).First.GetAttributeAsync("href");
        Assert.Matches("^/quizzes/\\d+$", quizHref);
        await lecturer.Locator("[data-testid=banks] a").First.ClickAsync();
        await lecturer.Locator("[data-testid=questions] li").First.WaitForAsync();
        await ServerFixture.ScreenshotAsync(lecturer, "question-bank-zh-phone");

        await lecturer.GotoAsync("/surveys/results");
        var resultsHref = await lecturer.Locator("[data-testid=session-ratings] a").First.GetAttributeAsync("href");
        await lecturer.GotoAsync(resultsHref!);
        // The chart draws into the canvas from the module script; a drawn canvas has a non-zero size.
        await lecturer.WaitForFunctionAsync("() => { const c = document.getElementById('rating-chart'); return c && c.width > 0 && window.Chart && window.Chart.getChart(c); }");
        await ServerFixture.ScreenshotAsync(lecturer, "survey-results-zh-phone");

        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "trainee@learnhub.example");
        await page.GotoAsync(quizHref!);
        await ServerFixture.ScreenshotAsync(page, "quiz-zh-phone");
        await page.ClickAsync("[data-testid=start-quiz]");
        await page.WaitForURLAsync(AttemptUrl());

        var cards = page.Locator("[data-testid=question]");
        var total = await cards.CountAsync();
        Assert.Equal(5, total);
        Assert.Equal(1, await page.Locator("[data-testid=question]:visible").CountAsync());
        await ServerFixture.ScreenshotAsync(page, "quiz-paper-zh-phone");
        for (var i = 0; i < total; i++)
        {
            var card = cards.Nth(i);
            Assert.True(await card.IsVisibleAsync());
            if (await card.Locator("input[type=text]").CountAsync() > 0)
            {
                await card.Locator("input[type=text]").FillAsync("季度");
            }
            else
            {
                await card.Locator(".lh-option").First.ClickAsync();
            }

            if (i == 2)
            {
                Assert.Contains("3 / 5", await page.Locator("[data-progress-text]").InnerTextAsync(), StringComparison.Ordinal);
                await ServerFixture.ScreenshotAsync(page, "quiz-paper-progress-zh-phone");
            }

            if (i < total - 1)
            {
                await page.ClickAsync("[data-next]");
            }
        }

        await page.ClickAsync("[data-testid=submit-quiz]");
        await page.WaitForURLAsync(url => url.EndsWith("/result", StringComparison.Ordinal));
        await page.Locator("[data-testid=quiz-result]").WaitForAsync();
        Assert.Matches("^\\d+$", (await page.InnerTextAsync("[data-testid=score]")).Replace("%", "", StringComparison.Ordinal).Trim());
        Assert.Contains(await page.InnerTextAsync("[data-testid=verdict]"), Verdicts);
        Assert.Equal(5, await page.Locator("[data-testid=result-questions] > li").CountAsync());
        Assert.Contains("剩余 2 次", await page.InnerTextAsync("[data-testid=attempts-left]"), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(page, "quiz-result-zh-phone");

        await page.GotoAsync(quizHref!);
        Assert.Equal(1, await page.Locator("[data-testid=attempt-history] li").CountAsync());

        await page.GotoAsync(resultsHref!.Replace("/results", "", StringComparison.Ordinal));
        await page.ClickAsync("label[for=Content_5]");
        await page.ClickAsync("label[for=Lecturer_5]");
        await page.ClickAsync("label[for=Organisation_4]");
        await page.FillAsync("#Comment", "讲得很实在，回去就按要求整改会议记录。");
        await ServerFixture.ScreenshotAsync(page, "survey-zh-phone");
        await page.ClickAsync("[data-testid=submit-survey]");
        await page.Locator("[data-testid=survey-answered]").WaitForAsync();
        await ServerFixture.ScreenshotAsync(page, "survey-answered-zh-phone");
    }

    [Fact]
    public async Task Admin_sees_banks_and_lecturer_ratings_on_desktop()
    {
        await using var context = await server.DesktopAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "admin@learnhub.example");
        await page.GotoAsync("/admin/assessments");
        Assert.Equal(3, await page.Locator("[data-testid=banks] tbody tr").CountAsync());
        await ServerFixture.ScreenshotAsync(page, "assessments-admin-zh-desktop");
        await page.GotoAsync("/admin/lecturers");
        await page.Locator("a[href$='/edit']").First.ClickAsync();
        await page.Locator("[data-testid=lecturer-ratings]").WaitForAsync();
        await ServerFixture.ScreenshotAsync(page, "lecturer-ratings-zh-desktop");
    }

    [GeneratedRegex("/quizzes/attempts/\\d+$")]
    private static partial Regex AttemptUrl();
}
