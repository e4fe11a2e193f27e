using System.Net;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Tests.Admin;

/// <summary>Lifecycle training: stage course sets and the events recorded for organizations.</summary>
public sealed class LifecycleTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private static Task<int> OrganizationIdAsync(LearnHubFactory factory, string name) =>
        AdminTestData.QueryAsync(factory, db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    /// <summary>The training due date of the demo's planned transition of 省人工智能学会, as the page shows it.</summary>
    private static async Task<string> TransitionDueAsync(LearnHubFactory factory) =>
        "培训期限 " + (await AdminTestData.QueryAsync(factory, db => db.OrganizationEvents
            .Where(e => e.Organization!.Name == "省人工智能学会" && e.Stage == LifecycleStage.Transition).Select(e => e.DueOn).SingleAsync()))
            .ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_demo_transition_shows_its_course_set_on_the_organization_page()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var html = await client.GetStringAsync($"/admin/organizations/{await OrganizationIdAsync(factory, "省人工智能学会")}");
        Assert.Contains("换届", html, StringComparison.Ordinal);
        Assert.Contains(await TransitionDueAsync(factory), html, StringComparison.Ordinal);
        Assert.Contains("换届工作全流程指引", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Inspection", "2026-06-01", "", "2026-08-30")]
    [InlineData("Transition", "2027-03-10", "", "2027-03-10")]
    [InlineData("Change", "2026-10-01", "2026-10-31", "2026-10-31")]
    public async Task Admin_records_an_event_and_the_due_date_follows_the_stage(string stage, string date, string due, string expectedDue)
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var id = await OrganizationIdAsync(factory, "省护理学会");
        var page = $"/admin/organizations/{id}";
        var response = await client.PostAsync($"{page}/events", await LearnHubFactory.FormWithTokenAsync(client, page, new Dictionary<string, string>
        {
            ["Stage"] = stage, ["Date"] = date, ["DueOn"] = due, ["Note"] = "测试事项 " + stage,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var recorded = await AdminTestData.QueryAsync(factory, db => db.OrganizationEvents.SingleAsync(e => e.OrganizationId == id && e.Note == "测试事项 " + stage));
        Assert.Equal(DateOnly.Parse(expectedDue, System.Globalization.CultureInfo.InvariantCulture), recorded.DueOn);
        Assert.False(string.IsNullOrEmpty(recorded.RecordedBy));
    }

    [Fact]
    public async Task A_due_date_before_the_event_is_refused_and_nothing_is_written()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        var id = await OrganizationIdAsync(factory, "省计算机学会");
        var page = $"/admin/organizations/{id}";
        await client.PostAsync($"{page}/events", await LearnHubFactory.FormWithTokenAsync(client, page, new Dictionary<string, string>
        {
            ["Stage"] = "Inspection", ["Date"] = "2026-06-01", ["DueOn"] = "2026-05-01",
        }));
        Assert.Contains("培训期限不能早于事项日期", await client.GetStringAsync(page), StringComparison.Ordinal);
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.OrganizationEvents.AnyAsync(e => e.OrganizationId == id)));
    }

    [Fact]
    public async Task A_supervisor_sees_events_of_their_own_organizations_but_cannot_record_them()
    {
        var own = await AdminTestData.QueryAsync(factory, db => db.Organizations.Where(o => o.Name == "省人工智能学会").Select(o => o.Id).SingleAsync());
        var client = await factory.SignInAsync("supervisor@learnhub.example");
        var html = await client.GetStringAsync($"/admin/organizations/{own}");
        Assert.Contains(await TransitionDueAsync(factory), html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"event-form\"", html, StringComparison.Ordinal);

        var form = await LearnHubFactory.FormWithTokenAsync(client, "/my/learning", new Dictionary<string, string> { ["Stage"] = "Change", ["Date"] = "2026-10-01" });
        var response = await client.PostAsync($"/admin/organizations/{own}/events", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        Assert.Equal(1, await AdminTestData.QueryAsync(factory, db => db.OrganizationEvents.CountAsync(e => e.OrganizationId == own)));
    }

    [Fact]
    public async Task Stage_course_sets_are_edited_on_the_lifecycle_page()
    {
        var client = await factory.SignInAsync("admin@learnhub.example");
        foreach (var culture in new[] { "zh-CN", "en" })
        {
            var html = await client.GetStringAsync("/admin/lifecycle?culture=" + culture);
            Assert.Equal(5, html.Split("data-testid=\"stage\"").Length - 1);
            Assert.DoesNotMatch(@">\s*(Admin|LifecycleStage|Course)\.[A-Za-z.]+\s*<", html);
        }

        var courseId = await AdminTestData.QueryAsync(factory, db => db.Courses.Where(c => c.Slug == "micro-integrity").Select(c => c.Id).SingleAsync());
        var response = await client.PostAsync("/admin/lifecycle/Rectification/courses",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/lifecycle", new Dictionary<string, string> { ["courseId"] = $"{courseId}" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await AdminTestData.QueryAsync(factory, db => db.LifecycleCourses.AnyAsync(c => c.Stage == LifecycleStage.Rectification && c.CourseId == courseId)));

        response = await client.PostAsync($"/admin/lifecycle/Rectification/courses/{courseId}/remove",
            await LearnHubFactory.FormWithTokenAsync(client, "/admin/lifecycle", []));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await AdminTestData.QueryAsync(factory, db => db.LifecycleCourses.AnyAsync(c => c.Stage == LifecycleStage.Rectification && c.CourseId == courseId)));
    }
}
