using Microsoft.Playwright;

namespace LearnHub.E2E;

/// <summary>
/// The demo class run on a phone: a trainee asks for leave from the class page, and the head teacher (lecturer@, 何静雯)
/// finds it under "我带的班", sees that it would take the trainee over 1/7 of the class hours, and approves it.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class ClassRunningJourneyTests(ServerFixture server)
{
    [Fact]
    public async Task A_trainee_asks_leave_on_a_phone_and_the_head_teacher_sees_the_warning_and_approves()
    {
        await using var traineePhone = await server.PhoneAsync();
        var trainee = await traineePhone.NewPageAsync();
        await ServerFixture.SignInAsync(trainee, "contact@learnhub.example");
        await trainee.GotoAsync("/my/learning");
        var classPage = (await trainee.Locator("[data-testid=my-classes] a[href^='/classes/']").First.GetAttributeAsync("href"))!;
        await trainee.GotoAsync(classPage);
        await trainee.Locator("[data-testid=class-notice]", new() { HasText = "开班须知" }).WaitForAsync();

        // The second day's session is still to come whenever the demo was loaded.
        await trainee.Locator("[data-testid=leave-form] input[name=sessionIds]").Last.CheckAsync();
        await trainee.FillAsync("#leave-reason", "第二天上午须陪同业务主管单位到会检查，申请请假。");
        await trainee.ClickAsync("[data-testid=ask-leave]");
        await trainee.Locator("[data-testid=my-leave-requests] [data-state=Pending]").WaitForAsync();
        Assert.True(await trainee.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ServerFixture.ScreenshotAsync(trainee, "class-leave-request-zh-phone");

        await using var headTeacherPhone = await server.PhoneAsync();
        var headTeacher = await headTeacherPhone.NewPageAsync();
        await ServerFixture.SignInAsync(headTeacher, "lecturer@learnhub.example");
        await headTeacher.ClickAsync(".navbar-toggler");
        await headTeacher.ClickAsync("[data-testid=nav-head-teacher]");
        await headTeacher.ClickAsync("[data-testid=classes-run] a");
        var request = headTeacher.Locator("[data-testid=leave-request]", new() { HasText = "江雨桐" });
        await request.WaitForAsync();
        Assert.True(await request.Locator("[data-testid=over-warning]").IsVisibleAsync());
        Assert.True(await headTeacher.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ServerFixture.ScreenshotAsync(headTeacher, "class-head-teacher-zh-phone");

        await request.Locator("textarea[name=comment]").FillAsync("同意。请课后观看直播回放。");
        await request.Locator("[data-testid=approve-leave]").ClickAsync();
        await headTeacher.Locator(".alert", new() { HasText = "已批准" }).WaitForAsync();

        await trainee.ReloadAsync();
        await trainee.Locator("[data-testid=my-leave-requests] [data-state=Approved]").WaitForAsync();
        Assert.Contains("已请假/缺勤", await trainee.InnerTextAsync("[data-testid=leave-standing]"), StringComparison.Ordinal);
        await ServerFixture.ScreenshotAsync(trainee, "class-leave-approved-zh-phone");
    }
}
