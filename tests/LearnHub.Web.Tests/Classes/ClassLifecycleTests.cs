using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LearnHub.Web.Tests.Classes;

/// <summary>
/// The demo's two-day class from its plan to a certificate verified by a stranger, every step in Chromium as the person
/// whose step it is does it, on an app whose clock the test holds (the days of the class pass when the test says so):
/// the administrator plans (more seats, a one-hour group discussion, the closing quiz), the contact person of
/// 省人工智能学会 nominates 田帆 from the imported roster and gives her an activation code, the administrator approves, she
/// activates her account on her phone, asks leave for the discussion, which the head teacher approves, checks in to the
/// three lectures by scanning the hall screen's QR code, hands in her reflection, which the head teacher accepts; the
/// sessions close, she passes the closing quiz, the class settles once into the ledger, she downloads her certificate,
/// and a phone with no account scans the certificate's QR code and is told it is genuine with her masked name only.
/// Nothing is written to the database but by the pages; the test reads it only to check what the pages did.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ClassLifecycleTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>
{
    private const string ClassTitle = "社会组织党组织书记示范培训班";
    private const string Trainee = "田帆";
    private const string TraineeMobile = "13368352448";
    private const string Organization = "省人工智能学会";
    private const string Discussion = "分组研讨：本单位党建工作交流";
    private const string QuizTitle = "第一讲随堂测验：“三会一课”的制度要求";
    private const string TraineePassword = "Tianfan-2027x";

    private async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    /// <summary>A moment of the class's days in China time: day 0 is the demo's load day, the class's first.</summary>
    private static DateTimeOffset On(int day, int hour, int minute) =>
        new(BrowserHostFactory.Start.Date.AddDays(day).AddHours(hour).AddMinutes(minute), BrowserHostFactory.Start.Offset);

    private static string Day(int day) => DateOnly.FromDateTime(BrowserHostFactory.Start.Date).AddDays(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<IPage> PageAsync(IBrowserContext context, string? login, string password = LearnHubFactory.Password)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        if (login is not null)
        {
            await BrowserHostFactory.SignInAsync(page, login, password);
        }

        return page;
    }

    private static Task<bool> FitsThePhoneAsync(IPage page) => page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>Clicks a form's submit button and waits for the page the post redirects to.</summary>
    private static async Task SubmitAsync(IPage page, string button)
    {
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(button), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    [Fact]
    public async Task A_class_runs_from_its_plan_to_a_certificate_a_stranger_verifies_by_scanning_it()
    {
        var demoClass = await QueryAsync(db => db.TrainingClasses.Where(c => c.Title == ClassTitle).Select(c => new { c.Id, c.SeriesId }).SingleAsync());
        var (classId, seriesId) = (demoClass.Id, demoClass.SeriesId);

        // Plan (培训计划): the administrator gives the class two more seats, adds a one-hour group discussion on the second
        // afternoon and the closing quiz (结业测验), and sees them in the timetable.
        await using var adminDesk = await factory.DesktopAsync();
        var admin = await PageAsync(adminDesk, "admin@learnhub.example");
        await admin.GotoAsync($"/admin/classes/{classId}");
        await admin.FillAsync("#Capacity", "6");
        await SubmitAsync(admin, "[data-testid=class-form] button[type=submit]");
        await Assertions.Expect(admin.Locator("#Capacity")).ToHaveValueAsync("6");
        await admin.FillAsync("#Session_Number", "4");
        await admin.FillAsync("#Session_Topic", Discussion);
        await admin.FillAsync("#Session_Date", Day(1));
        await admin.FillAsync("#Session_StartTime", "15:00");
        await admin.FillAsync("#Session_EndTime", "16:00");
        await admin.FillAsync("#Session_Venue", "省社会组织党群服务中心 302 室");
        await SubmitAsync(admin, "[data-testid=session-form] button[type=submit]");
        await admin.Locator(".alert-success", new() { HasText = "已保存" }).WaitForAsync();
        await admin.SelectOptionAsync("#Item_Kind", "ClosingQuiz");
        var quizOption = admin.Locator("#Item_QuizId option", new() { HasText = QuizTitle }).First;
        await admin.SelectOptionAsync("#Item_QuizId", (await quizOption.GetAttributeAsync("value"))!);
        await admin.FillAsync("#Item_OpensOn", Day(0));
        await admin.FillAsync("#Item_ClosesOn", Day(1));
        await SubmitAsync(admin, "[data-testid=item-form] button[type=submit]");
        await admin.Locator(".alert-success", new() { HasText = "已保存" }).WaitForAsync();
        var timetable = await admin.InnerTextAsync("main");
        Assert.Contains(Discussion, timetable, StringComparison.Ordinal);
        Assert.Contains(QuizTitle, timetable, StringComparison.Ordinal);
        // Three lectures of three hours and the discussion: ten hours, of which 1/7 may be leave.
        Assert.Contains("10", await admin.InnerTextAsync("[data-testid=class-totals]"), StringComparison.Ordinal);
        await BrowserHostFactory.ScreenshotAsync(admin, "class-lifecycle-1-plan-zh-desktop");
        var sessions = await QueryAsync(db => db.LectureHallSessions.Where(s => s.SeriesId == seriesId).OrderBy(s => s.Number)
            .Select(s => new { s.Id, s.Number, s.Topic }).ToListAsync());
        Assert.Equal([1, 2, 3, 4], sessions.Select(s => s.Number));
        Assert.Equal(Discussion, sessions[3].Topic);

        // Nominate (单位推荐): the contact person of 省人工智能学会 finds 田帆, imported with the roster, nominates her,
        // and gives her an activation code: she has never signed in.
        await using var contactPhone = await factory.PhoneAsync();
        var contact = await PageAsync(contactPhone, "contact@learnhub.example");
        await contact.GotoAsync($"/classes/{classId}/nominate?q=" + Uri.EscapeDataString(Trainee));
        await contact.Locator("[data-testid=nominate-form] li", new() { HasText = Trainee }).Locator("input[name=personIds]").CheckAsync();
        await SubmitAsync(contact, "[data-testid=nominate-form] button[type=submit]");
        await contact.Locator("[data-testid=nominees] li", new() { HasText = Trainee }).WaitForAsync();
        Assert.True(await FitsThePhoneAsync(contact));
        await BrowserHostFactory.ScreenshotAsync(contact, "class-lifecycle-2-nominated-zh-phone");
        await contact.GotoAsync("/admin/accounts?state=NotActivated&q=" + Uri.EscapeDataString(Trainee));
        await contact.Locator("table[data-testid=accounts] tbody a").First.ClickAsync();
        await contact.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("发放激活码") }).ClickAsync();
        var activation = (await contact.Locator("[data-testid=activation-link]").InnerTextAsync()).Trim();
        Assert.Contains("m=" + TraineeMobile, activation, StringComparison.Ordinal);

        // Approve (审核): the organizer admits her to one of the new seats.
        await admin.GotoAsync($"/admin/classes/{classId}");
        var row = admin.Locator("[data-testid=enrolments] tbody tr", new() { HasText = Trainee });
        Assert.Equal("Pending", await row.GetAttributeAsync("data-status"));
        await SubmitAsync(admin, $"[data-testid=enrolments] tbody tr:has-text('{Trainee}') form[action$='/approve'] button");
        await Assertions.Expect(admin.Locator("[data-testid=enrolments] tbody tr", new() { HasText = Trainee })).ToHaveAttributeAsync("data-status", "Admitted");

        // She activates her account on her phone and finds the class under her learning.
        await using var traineePhone = await factory.PhoneAsync();
        var trainee = await PageAsync(traineePhone, null);
        await trainee.GotoAsync(activation);
        await trainee.FillAsync("#Password", TraineePassword);
        await trainee.FillAsync("#ConfirmPassword", TraineePassword);
        await trainee.ClickAsync("form[data-code-link] button[type=submit]");
        await trainee.WaitForURLAsync(url => url.EndsWith("/my/learning", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await trainee.Locator($"[data-testid=my-classes] a[href='/classes/{classId}']").First.ClickAsync();
        await trainee.Locator("[data-testid=my-enrolment] [data-status=Admitted]").WaitForAsync();

        // Leave (请假): she asks leave for the discussion; within 1/7 of the ten hours, the head teacher approves it.
        await trainee.Locator("[data-testid=leave-form] li, [data-testid=leave-form] .form-check", new() { HasText = Discussion }).Locator("input[name=sessionIds]").First.CheckAsync();
        await trainee.FillAsync("#leave-reason", "第二天下午须到业务主管单位报送年度党建工作报告，申请请假一小时。");
        await SubmitAsync(trainee, "[data-testid=ask-leave]");
        await trainee.Locator("[data-testid=my-leave-requests] [data-state=Pending]").WaitForAsync();
        Assert.True(await FitsThePhoneAsync(trainee));
        await BrowserHostFactory.ScreenshotAsync(trainee, "class-lifecycle-3-leave-asked-zh-phone");

        await using var headTeacherPhone = await factory.PhoneAsync();
        var headTeacher = await PageAsync(headTeacherPhone, "lecturer@learnhub.example");
        await headTeacher.GotoAsync($"/classes/{classId}/run");
        var request = headTeacher.Locator("[data-testid=leave-request]", new() { HasText = Trainee });
        await request.WaitForAsync();
        Assert.Equal(0, await request.Locator("[data-testid=over-warning]").CountAsync());
        await request.Locator("textarea[name=comment]").FillAsync("同意。请会后向小组长了解研讨情况。");
        await SubmitAsync(headTeacher, $"[data-testid=leave-request]:has-text('{Trainee}') [data-testid=approve-leave]");
        await headTeacher.Locator(".alert", new() { HasText = "已批准" }).WaitForAsync();

        // Check in (签到): at each lecture the hall's screen shows the rotating QR code; her phone's camera reads it and
        // opens the check-in page, where she confirms.
        foreach (var (session, at) in new[] { (sessions[0], On(0, 8, 50)), (sessions[1], On(0, 13, 50)), (sessions[2], On(1, 8, 50)) })
        {
            await NextMomentAsync(at, (admin, "admin@learnhub.example", LearnHubFactory.Password), (trainee, TraineeMobile, TraineePassword));
            await admin.GotoAsync($"/lecture-hall/sessions/{session.Id}/checkin-screen");
            var qr = admin.Locator("[data-testid=checkin-qr]");
            await admin.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=checkin-qr]'); return i.complete && i.naturalWidth > 0; }");
            var scanned = QrImage.Decode(await qr.ScreenshotAsync());
            Assert.NotNull(scanned);
            var link = new Uri(scanned);
            Assert.Equal($"/lecture-hall/sessions/{session.Id}/checkin", link.AbsolutePath);
            await trainee.GotoAsync(link.PathAndQuery);
            await SubmitAsync(trainee, "[data-testid=confirm-checkin]");
            await trainee.Locator(".alert-success", new() { HasText = "签到成功" }).WaitForAsync();
            await admin.Locator("[data-testid=checked-in]", new() { HasText = Trainee }).WaitForAsync();
        }

        await BrowserHostFactory.ScreenshotAsync(trainee, "class-lifecycle-4-checked-in-zh-phone");

        // Reflect (学习心得): she hands in her reflection; the head teacher reads and accepts it with a score.
        await NextMomentAsync(On(1, 12, 30), (trainee, TraineeMobile, TraineePassword), (headTeacher, "lecturer@learnhub.example", LearnHubFactory.Password));
        await trainee.GotoAsync($"/classes/{classId}/reflection");
        await trainee.FillAsync("#text", Reflection());
        await SubmitAsync(trainee, "[data-testid=submit-reflection]");
        await trainee.Locator("[data-testid=my-attempt]").WaitForAsync();

        await headTeacher.GotoAsync($"/classes/{classId}/reflections");
        await headTeacher.Locator("[data-testid=reflections] li", new() { HasText = Trainee }).Locator($"a[href^='/classes/{classId}/reflections/']").ClickAsync();
        await headTeacher.FillAsync("#score", "86");
        await headTeacher.FillAsync("#comment", "结合学会实际提出了具体打算，同意通过。");
        await SubmitAsync(headTeacher, "[data-testid=grade]");
        await headTeacher.Locator(".alert-success").WaitForAsync();
        await BrowserHostFactory.ScreenshotAsync(headTeacher, "class-lifecycle-5-graded-zh-phone");

        // Complete (结业): the second day ends; the administrator closes the four sessions' attendance (the hall's worker
        // would an hour later). Nothing is credited before the quiz.
        await NextMomentAsync(On(1, 16, 30), (admin, "admin@learnhub.example", LearnHubFactory.Password), (trainee, TraineeMobile, TraineePassword));
        foreach (var session in sessions)
        {
            await admin.GotoAsync($"/lecture-hall/sessions/{session.Id}/roster");
            if (await admin.Locator("[data-testid=close-session]").CountAsync() > 0)
            {
                await SubmitAsync(admin, "[data-testid=close-session]");
            }
        }

        Assert.True(await QueryAsync(db => db.LectureHallSessions.Where(s => s.SeriesId == seriesId).AllAsync(s => s.ClosedAt != null)));
        var personId = await QueryAsync(db => db.People.Where(p => p.Mobile == TraineeMobile).Select(p => p.Id).SingleAsync());
        var reference = LedgerReference.ForClass(seriesId).Value;
        Assert.False(await QueryAsync(db => db.LedgerEntries.AnyAsync(e => e.PersonId == personId && e.Reference == reference)));

        await trainee.GotoAsync($"/classes/{classId}");
        await Assertions.Expect(trainee.Locator("[data-check=attendance]")).ToHaveAttributeAsync("data-state", "Met");
        await Assertions.Expect(trainee.Locator("[data-check=reflection]")).ToHaveAttributeAsync("data-state", "Met");
        await Assertions.Expect(trainee.Locator("[data-check=quiz]")).ToHaveAttributeAsync("data-state", "Open");
        await trainee.Locator("[data-check=quiz] a").ClickAsync();
        await trainee.ClickAsync("[data-testid=start-quiz]");
        await trainee.WaitForURLAsync(new Regex(@"/quizzes/attempts/\d+$"));
        await AnswerAsync(trainee);
        await trainee.WaitForURLAsync(url => url.EndsWith("/result", StringComparison.Ordinal));
        Assert.Equal("通过", (await trainee.InnerTextAsync("[data-testid=verdict]")).Trim());

        await trainee.GotoAsync($"/classes/{classId}");
        await trainee.Locator("[data-testid=completion] [data-testid=completed]").WaitForAsync();
        Assert.True(await FitsThePhoneAsync(trainee));
        await BrowserHostFactory.ScreenshotAsync(trainee, "class-lifecycle-6-completed-zh-phone");
        var credit = await QueryAsync(db => db.LedgerEntries.Where(e => e.PersonId == personId && e.Reference == reference).ToListAsync());
        // Credited once, for the nine hours attended (the hour of leave is not), as centralized training.
        Assert.Equal(9m, Assert.Single(credit).Hours);

        // Certificate (结业证书): she downloads the PDF on her phone.
        var download = await trainee.RunAndWaitForDownloadAsync(() => trainee.ClickAsync("[data-testid=certificate-download]"));
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(pdf, 0, 4), StringComparison.Ordinal);
        var page = await QrImage.FirstPageAsync(pdf);
        await File.WriteAllBytesAsync(Path.Combine(BrowserHostFactory.Artifacts, "class-lifecycle-7-certificate.png"), page);

        // Verify (查验): a phone with no account scans the printed code and opens what it reads.
        var scannedCertificate = QrImage.Decode(page);
        Assert.NotNull(scannedCertificate);
        var certificate = await QueryAsync(db => db.ClassCertificates.Where(x => x.ClassId == classId && x.PersonId == personId).SingleAsync());
        Assert.Equal($"{factory.BaseUrl}/verify/{certificate.Serial}", scannedCertificate);
        await using var stranger = await factory.PhoneAsync();
        Assert.Empty(await stranger.CookiesAsync());
        var anonymous = await PageAsync(stranger, null);
        await anonymous.GotoAsync(scannedCertificate);
        var verification = anonymous.Locator("[data-testid=verification]");
        await Assertions.Expect(verification).ToHaveAttributeAsync("data-status", "Genuine");
        Assert.Equal(0, await anonymous.Locator("[data-testid=user-name]").CountAsync());
        var shown = await verification.InnerTextAsync();
        Assert.Contains("证书真实有效", shown, StringComparison.Ordinal);
        Assert.Equal(ClassCertificates.MaskName(Trainee), (await anonymous.InnerTextAsync("[data-testid=masked-name]")).Trim());
        Assert.Contains(ClassTitle, shown, StringComparison.Ordinal);
        Assert.Contains("9 学时", shown, StringComparison.Ordinal);
        Assert.Contains(Day(1), shown, StringComparison.Ordinal);
        var whole = await anonymous.InnerTextAsync("body");
        foreach (var secret in new[] { Trainee, TraineeMobile, Organization })
        {
            Assert.DoesNotContain(secret, whole, StringComparison.Ordinal);
        }

        Assert.True(await FitsThePhoneAsync(anonymous));
        await BrowserHostFactory.ScreenshotAsync(anonymous, "class-lifecycle-8-verified-zh-phone");
    }

    /// <summary>
    /// Moves the clock to the next step of the class; the people of that step sign in again, as they would on their phones
    /// that morning or afternoon (a sign-in made at another hour of the held clock is not relied on).
    /// </summary>
    private async Task NextMomentAsync(DateTimeOffset at, params (IPage Page, string Login, string Password)[] people)
    {
        factory.Clock.Now = at;
        foreach (var (page, login, password) in people)
        {
            await page.Context.ClearCookiesAsync();
            await BrowserHostFactory.SignInAsync(page, login, password);
        }
    }

    /// <summary>Answers every question of the paper as the bank's key says (the trainee studied), then hands it in.</summary>
    private async Task AnswerAsync(IPage paper)
    {
        var cards = paper.Locator("[data-testid=question]");
        var total = await cards.CountAsync();
        Assert.True(total > 0);
        for (var i = 0; i < total; i++)
        {
            var card = cards.Nth(i);
            var name = (await card.Locator("input").First.GetAttributeAsync("name"))!;
            var id = int.Parse(name[1..], CultureInfo.InvariantCulture);
            var question = await QueryAsync(db => db.Set<Question>().AsNoTracking().SingleAsync(q => q.Id == id));
            if (question.Kind == QuestionKind.FillIn)
            {
                await card.Locator("input[type=text]").FillAsync(question.AcceptedAnswers[0]);
            }
            else
            {
                foreach (var option in question.CorrectOptions)
                {
                    await card.Locator($"label[for='{name}_{option}']").ClickAsync();
                }
            }

            if (i < total - 1)
            {
                await paper.ClickAsync("[data-next]");
            }
        }

        await paper.ClickAsync("[data-testid=submit-quiz]");
    }

    /// <summary>A reflection of some 900 characters of her own, over the 800 the class asks for.</summary>
    private static string Reflection() => string.Join("\n\n",
        "这次参加社会组织党组织书记示范培训班，我作为省人工智能学会的一名普通党员，第一次系统学习了社会组织党建工作的要求和方法。三位老师分别讲了党组织建设实务、“三会一课”和主题党日、法人治理与依法运营，内容紧扣社会组织的实际，让我对自己在支部里应当做什么有了清楚的认识。",
        "一是认识到党员身份要在业务工作中亮出来。我们学会的会员多是高校和企业的科研人员，平时各忙各的，支部活动往往只有少数人参加。培训中讲到，党员要在服务会员、服务社会中发挥作用，我准备主动承担学会科普讲座的组织工作，在每次活动中邀请党员专家带头讲、带头服务，把支部的活动和学会的科普品牌结合起来。",
        "二是认识到组织生活的质量在于认真二字。老师展示的会议记录范例让我很受触动：议题要提前征求意见，发言要如实记录，会后整改要有人跟踪。我在支部负责会议记录，过去常常只写几行要点，今后要做到当场记录、会后归档，缺席的同志要及时补学，让每一次组织生活都有内容、有记录、有落实。",
        "三是认识到依法治会离每个人都不远。分支机构管理和经费使用看起来是秘书处的事，但每名党员都有监督的责任。培训后我整理了学会近两年的活动经费台账，发现有的专业委员会报销手续不完整，准备向支部提出建议，请监事会在年中开展一次检查，把问题解决在萌芽状态。",
        "四是认识到学习要跟上形势。人工智能发展很快，学会的很多活动涉及数据安全、科技伦理等新问题，党员在这些问题上更要站稳立场、把好方向。我建议支部把科技伦理和数据安全的有关规定纳入年度学习计划，每半年组织一次专题学习，请学会的党员专家结合研究工作谈体会，让学习和业务互相促进。",
        "五是认识到联系群众要落到日常。学会有不少青年科技工作者还不是党员，有的同志对党组织的活动很感兴趣。今后支部开展主题党日和科普服务，可以请入党积极分子和青年会员一起参加，在共同做事中增进了解，也为支部发展培养后备力量。",
        "分组研讨那一小时我因事请假，会后向小组长了解了讨论情况，并把自己的想法补充进了小组的交流材料。两天的学习时间不长，收获却很实在。回去以后，我将把学到的方法用到支部工作中去，配合书记把学会党建工作做细做实，努力让党组织成为学会发展的主心骨，也让自己成为一名合格的党员。");
}
