using System.Globalization;
using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Classes;

/// <summary>
/// The organizing unit plans its own classes: supervisor@ (unit "sci") creates, edits and decides enrolments of the
/// classes its unit organizes and reaches no other unit's class, nor the programme's own demo class.
/// </summary>
public sealed class ClassPlanningScopeTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Supervisor = "supervisor@learnhub.example";

    private async Task<T> WithAsync<T>(Func<IServiceProvider, CoursesDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static bool Denied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && (response.Headers.Location?.OriginalString ?? "").Contains("denied", StringComparison.OrdinalIgnoreCase));

    /// <summary>A class organized by the unit with this code, with one pending nomination of trainee2's person; days from today.</summary>
    private Task<(int ClassId, int EnrolmentId)> ClassOfUnitAsync(string unitCode, string title, int day) => WithAsync(async (services, db) =>
    {
        var today = factory.Programme.Today;
        var unit = await db.SupervisingUnits.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
        var saved = await services.GetRequiredService<ClassPlanner>().SaveAsync(null, new ClassDraft(title, "", ClassKind.InPerson,
            today.AddDays(day), today.AddDays(day + 1), "省科协报告厅", 20, null, [], null, null, unit));
        var person = await db.People.Where(p => p.Mobile == "18104575004").Select(p => p.Id).SingleAsync();
        var nominated = await services.GetRequiredService<ClassEnrolments>().NominateAsync(saved.Class!.Id, person, "admin");
        return (saved.Class.Id, nominated.Moves[0].EnrolmentId);
    });

    [Fact]
    public async Task A_supervisor_creates_edits_and_approves_for_their_own_unit_s_class_only()
    {
        var (own, enrolment) = await ClassOfUnitAsync("sci", "科技类社会组织党建工作专题班", 40);
        var otherUnit = await WithAsync((_, db) => db.SupervisingUnits.Where(u => u.Code != "sci").Select(u => u.Code).FirstAsync());
        var (foreign, foreignEnrolment) = await ClassOfUnitAsync(otherUnit, "其他主管单位的专题班", 60);
        var demo = await WithAsync((_, db) => db.TrainingClasses.Where(c => c.Title == "社会组织党组织书记示范培训班").Select(c => c.Id).SingleAsync());
        var supervisor = await factory.SignInAsync(Supervisor);

        var list = await supervisor.GetStringAsync("/admin/classes");
        Assert.Contains("科技类社会组织党建工作专题班", list, StringComparison.Ordinal);
        Assert.DoesNotContain("其他主管单位的专题班", list, StringComparison.Ordinal);
        Assert.DoesNotContain("社会组织党组织书记示范培训班", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/admin/classes/{own}")).StatusCode);
        Assert.True(Denied(await supervisor.GetAsync($"/admin/classes/{foreign}")));
        Assert.True(Denied(await supervisor.GetAsync($"/admin/classes/{demo}")));
        Assert.True(Denied(await supervisor.GetAsync($"/admin/classes/{foreign}/roster.xlsx")));
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/admin/classes/99999")).StatusCode);

        // A new class is the supervisor's unit's, even when the form names another unit.
        var foreignUnitId = await WithAsync((_, db) => db.SupervisingUnits.Where(u => u.Code == otherUnit).Select(u => u.Id).SingleAsync());
        var created = await supervisor.PostAsync("/admin/classes/new", await LearnHubFactory.FormWithTokenAsync(supervisor, "/admin/classes", new()
        {
            ["Title"] = "科技社团秘书长培训班", ["Kind"] = "InPerson", ["StartsOn"] = factory.Programme.Today.AddDays(50).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["EndsOn"] = factory.Programme.Today.AddDays(51).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Place"] = "省科协", ["Capacity"] = "30",
            ["OrganizingUnitId"] = Id(foreignUnitId),
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var organizer = await WithAsync((_, db) => db.TrainingClasses.Where(c => c.Title == "科技社团秘书长培训班").Select(c => c.OrganizingUnit!.Code).SingleAsync());
        Assert.Equal("sci", organizer);

        // Editing the plan and deciding enrolments of their own class.
        var page = $"/admin/classes/{own}";
        var edited = await supervisor.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(supervisor, page, new()
        {
            ["Title"] = "科技类社会组织党建工作专题班", ["Kind"] = "InPerson", ["StartsOn"] = factory.Programme.Today.AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["EndsOn"] = factory.Programme.Today.AddDays(41).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Place"] = "省科协报告厅", ["Capacity"] = "25",
        }));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(25, await WithAsync((_, db) => db.TrainingClasses.Where(c => c.Id == own).Select(c => c.Capacity).SingleAsync()));
        var approved = await supervisor.PostAsync($"{page}/enrolments/{enrolment}/approve", await LearnHubFactory.FormWithTokenAsync(supervisor, page, new()));
        Assert.True(approved.StatusCode == HttpStatusCode.Redirect, await approved.Content.ReadAsStringAsync());
        Assert.Equal(EnrolmentStatus.Admitted, await WithAsync((_, db) => db.ClassEnrolments.Where(e => e.Id == enrolment).Select(e => e.Status).SingleAsync()));

        // Another unit's class stays as it was.
        var crossed = await supervisor.PostAsync($"/admin/classes/{foreign}/enrolments/{foreignEnrolment}/approve", await LearnHubFactory.FormWithTokenAsync(supervisor, page, new()));
        Assert.True(Denied(crossed));
        var foreignEdit = await supervisor.PostAsync($"/admin/classes/{foreign}", await LearnHubFactory.FormWithTokenAsync(supervisor, page, new()
        {
            ["Title"] = "改名", ["Kind"] = "InPerson", ["StartsOn"] = "2030-01-01", ["EndsOn"] = "2030-01-02", ["Place"] = "x", ["Capacity"] = "5",
        }));
        Assert.True(Denied(foreignEdit));
        Assert.Equal((EnrolmentStatus.Pending, "其他主管单位的专题班"), await WithAsync((_, db) =>
            db.ClassEnrolments.Where(e => e.Id == foreignEnrolment).Select(e => ValueTuple.Create(e.Status, e.Class!.Title)).SingleAsync()));
    }

    [Fact]
    public async Task Administrators_keep_every_class_and_other_roles_plan_none()
    {
        var (foreign, _) = await ClassOfUnitAsync("sci", "管理员可见的专题班", 80);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        Assert.Contains("管理员可见的专题班", await admin.GetStringAsync("/admin/classes"), StringComparison.Ordinal);
        Assert.Contains("社会组织党组织书记示范培训班", await admin.GetStringAsync("/admin/classes"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/classes/{foreign}")).StatusCode);

        foreach (var email in new[] { "contact@learnhub.example", "lecturer@learnhub.example", "trainee@learnhub.example" })
        {
            var client = await factory.SignInAsync(email);
            Assert.True(Denied(await client.GetAsync("/admin/classes")), email);
            Assert.True(Denied(await client.GetAsync($"/admin/classes/{foreign}")), email);
        }
    }
}
