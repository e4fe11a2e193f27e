using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// axe-core on the key pages of every role, in Chinese on a phone: a serious or critical violation fails
/// the test with the page, the rule and the first elements it found.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class AccessibilityTests(ServerFixture server)
{
    private const string Course = "/courses/pb-organization-building";

    // Installed by scripts/frontend.sh with the other npm packages; only the tests use it, so it stays out of wwwroot.
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(
        Path.Combine(ServerFixture.RepositoryRoot, "src", "LearnHub.Web", "node_modules", "axe-core", "axe.min.js")));

    [Fact]
    public async Task Anonymous_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, account: null);
        await audit.CheckAllAsync("/", "/courses", Course, "/lecture-hall", "/account/sign-in", "/account/activate");
        audit.AssertClean();
    }

    [Fact]
    public async Task Trainee_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, "trainee@learnhub.example");
        await audit.CheckAllAsync("/my/hours", Course, "/notifications", "/account");
        await audit.CheckAsync("/my/learning", screenshot: "a11y-my-learning-zh-phone");

        // A plan row is one link: a tap on its state badge opens the course or session, as the title does.
        var page = audit.Page;
        var row = page.Locator("[data-testid=plan-item].lh-row-link").First;
        var target = (await row.Locator("a.stretched-link").GetAttributeAsync("href"))!;
        var badge = (await row.Locator(".badge").First.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(badge.X + (badge.Width / 2), badge.Y + (badge.Height / 2));
        await page.WaitForURLAsync(url => url.EndsWith(target, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        // A lesson other than the first one the course page opens with.
        await Open(page, Course);
        var lesson = await page.Locator("a[href^='?lesson=']").Last.GetAttributeAsync("href");
        await audit.CheckAsync(Course + lesson);

        // The month calendar marks today once, and its next month reads as well.
        await Open(page, "/my/learning");
        Assert.Equal(1, await page.Locator("[data-testid=my-calendar] td[aria-current=date]").CountAsync());
        await audit.CheckAsync((await page.Locator("[data-testid=calendar-next]").GetAttributeAsync("href"))!, screenshot: "a11y-my-calendar-next-zh-phone");

        // On a phone the ledger's lines are cards: nothing scrolls sideways, and each line's hours carry their label.
        await Open(page, "/my/hours");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        var hours = page.Locator("[data-testid=ledger-line] td.lh-cards-key").First;
        Assert.Equal("\"学时\"", await hours.EvaluateAsync<string>("td => getComputedStyle(td, '::before').content"));
        await ServerFixture.ScreenshotAsync(page, "a11y-my-hours-cards-zh-phone");
        audit.AssertClean();
    }

    [Fact]
    public async Task Class_assessment_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, "trainee@learnhub.example");
        var page = audit.Page;
        await Open(page, "/my/learning");
        // The class held around the load day (the trainee also completed an earlier one, which asks for no reflection).
        var classPage = (await page.Locator("[data-testid=my-classes] a[href^='/classes/']", new() { HasText = "社会组织党组织书记示范培训班" })
            .First.GetAttributeAsync("href"))!;

        // The trainee's checklist on the class page, and the reflection form with its live count of characters.
        await audit.CheckAsync(classPage, ready: "[data-testid=completion]", screenshot: "class-checklist-zh-phone");
        await audit.CheckAsync(classPage + "/reflection", ready: "[data-testid=reflection-form]");
        await page.FillAsync("#text", "学习 心得\n体会");
        Assert.StartsWith("已写 6 字", await page.Locator("#text-count").InnerTextAsync(), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(page, "class-reflection-form-zh-phone");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        audit.AssertClean();

        // The head teacher's side: the list with the copying flag, the flagged reflection with its grading form, the summary.
        await using var admin = await server.PhoneAsync(bypassCsp: true);
        var staff = await Audit.StartAsync(admin, "admin@learnhub.example");
        await staff.CheckAsync(classPage + "/reflections", ready: "[data-testid=overlaps]", screenshot: "class-reflections-zh-phone");
        var flagged = (await staff.Page.Locator("[data-testid=overlap-pair] a").Last.GetAttributeAsync("href"))!;
        await staff.CheckAsync(flagged, ready: "[data-testid=grade-form]", screenshot: "class-grading-zh-phone");
        Assert.True(await staff.Page.Locator("[data-testid=shared-passage]").CountAsync() > 0);
        var summary = classPage.Replace("/classes/", "/admin/classes/", StringComparison.Ordinal) + "/summary";
        await staff.CheckAsync(summary, ready: "[data-testid=attendance-chart]", screenshot: "class-summary-zh-phone");
        staff.AssertClean();
    }

    [Fact]
    public async Task Lecturer_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        // 罗健 gives the demo's session under way, whose live console is open.
        var audit = await Audit.StartAsync(context, "lecturer2@learnhub.example");
        await audit.CheckAsync("/lecture-hall/my-sessions");
        await audit.CheckAsync("/lecturer/profile", screenshot: "a11y-lecturer-profile-zh-phone");

        var page = audit.Page;
        await Open(page, "/lecture-hall/my-sessions");
        string? console = null;
        foreach (var session in await page.Locator("main a.fw-semibold[href^='/lecture-hall/sessions/']").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
        {
            await Open(page, session);
            var link = page.Locator("a[href$='/console']");
            if (await link.CountAsync() > 0)
            {
                console = await link.First.GetAttributeAsync("href");
                break;
            }
        }

        Assert.NotNull(console);
        await audit.CheckAsync(console, ready: "#live-console[data-ready=true]");
        audit.AssertClean();
    }

    [Fact]
    public async Task Head_teacher_and_class_pages_have_no_serious_violations()
    {
        // 何静雯 is the demo class's head teacher (班主任): her list, the class's head-teacher page and its trainee page.
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, "lecturer@learnhub.example");
        await audit.CheckAsync("/classes/head-teacher");
        var run = (await audit.Page.Locator("[data-testid=classes-run] a").First.GetAttributeAsync("href"))!;
        await audit.CheckAsync(run);
        audit.AssertClean();

        await using var phone = await server.PhoneAsync(bypassCsp: true);
        var trainee = await Audit.StartAsync(phone, "trainee@learnhub.example");
        await trainee.CheckAsync(run[..run.LastIndexOf('/')]);
        trainee.AssertClean();
    }

    [Fact]
    public async Task Supervisor_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, "supervisor@learnhub.example");
        await audit.CheckAllAsync("/supervision", "/supervision/plans", "/admin/organizations", "/admin/accounts");

        var page = audit.Page;
        await Open(page, "/supervision/plans");
        var person = await page.Locator("main li a[href^='/supervision/plans/']").First.GetAttributeAsync("href");
        await audit.CheckAsync(person!, screenshot: "a11y-person-plan-zh-phone");
        audit.AssertClean();

        // The keyboard reaches a table that scrolls sideways, and the focus shows on it.
        await Open(page, "/supervision");
        var table = page.Locator("main .table-responsive").First;
        await table.FocusAsync();
        Assert.Equal("0", await table.GetAttributeAsync("tabindex"));
        Assert.NotEqual("none", await table.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await ServerFixture.ScreenshotAsync(page, "a11y-supervision-table-focus-zh-phone");
    }

    [Fact]
    public async Task Contact_person_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, "contact@learnhub.example");
        await audit.CheckAllAsync("/admin/people", "/admin/accounts", "/supervision");
        audit.AssertClean();
    }

    [Fact]
    public async Task Administrator_pages_have_no_serious_violations()
    {
        await using var context = await server.PhoneAsync(bypassCsp: true);
        var audit = await Audit.StartAsync(context, "admin@learnhub.example");
        await audit.CheckAllAsync("/admin", "/admin/people", "/admin/organizations", "/admin/accounts", "/admin/lecturers", "/admin/rules", "/admin/import");
        audit.AssertClean();
    }

    [Fact]
    public async Task A_disabled_upload_button_looks_disabled()
    {
        await using var context = await server.PhoneAsync();
        var page = await context.NewPageAsync();
        await ServerFixture.SignInAsync(page, "lecturer@learnhub.example");
        await Open(page, "/courses/pb-three-meetings-one-lesson");
        await Open(page, (await page.Locator("[data-testid=manage-lesson-1]").GetAttributeAsync("href"))!);
        var start = page.Locator("[data-testid=upload-start]");
        var enabled = await start.EvaluateAsync<string>("b => getComputedStyle(b).opacity");

        // As the page does while a file is uploading.
        await start.EvaluateAsync("b => { b.disabled = true; }");
        var style = await start.EvaluateAsync<JsonElement>("b => { const s = getComputedStyle(b); return { opacity: s.opacity, background: s.backgroundColor, cursor: s.cursor }; }");
        Assert.Equal("1", enabled);
        Assert.Equal("0.45", style.GetProperty("opacity").GetString());
        // The brand's red, faded: not Bootstrap's blue, which reads as a live button.
        Assert.Equal("rgb(179, 18, 31)", style.GetProperty("background").GetString());
        Assert.Equal("not-allowed", style.GetProperty("cursor").GetString());
        await start.ScrollIntoViewIfNeededAsync();
        await ServerFixture.ScreenshotAsync(page, "a11y-upload-disabled-zh-phone");
    }

    /// <summary>Opens a page without waiting for every image (posters of videos still transcoding at start-up).</summary>
    private static Task<IResponse?> Open(IPage page, string path) =>
        page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });

    /// <summary>One role's walk through its pages: every violation found on the way, reported together at the end.</summary>
    internal sealed class Audit(IPage page)
    {
        private readonly StringBuilder _problems = new();

        public IPage Page => page;

        public static async Task<Audit> StartAsync(IBrowserContext context, string? account)
        {
            var page = await context.NewPageAsync();
            if (account is not null)
            {
                await ServerFixture.SignInAsync(page, account);
            }

            return new Audit(page);
        }

        public async Task CheckAllAsync(params string[] paths)
        {
            foreach (var path in paths)
            {
                await CheckAsync(path);
            }
        }

        /// <summary>Runs axe-core on a page and notes its serious and critical violations, with the first elements of each.</summary>
        public async Task CheckAsync(string path, string? ready = null, string? screenshot = null)
        {
            var response = await Open(page, path);
            Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
            if (ready is not null)
            {
                await page.WaitForSelectorAsync(ready);
            }

            await page.EvaluateAsync(AxeSource.Value);
            var violations = await page.EvaluateAsync<JsonElement>("""
                async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length }))
                """);
            foreach (var violation in violations.EnumerateArray())
            {
                _problems.Append(path).Append(": ").Append(violation.GetProperty("id").GetString())
                    .Append(" (").Append(violation.GetProperty("impact").GetString()).Append(", ")
                    .Append(violation.GetProperty("count").GetInt32()).Append(" elements) ")
                    .Append(violation.GetProperty("help").GetString()).Append(" — ")
                    .AppendJoin(", ", violation.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))
                    .AppendLine();
            }

            if (screenshot is not null)
            {
                await ServerFixture.ScreenshotAsync(page, screenshot);
            }
        }

        public void AssertClean() => Assert.True(_problems.Length == 0, _problems.ToString());
    }
}
