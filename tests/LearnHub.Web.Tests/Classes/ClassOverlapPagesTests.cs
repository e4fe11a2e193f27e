using System.Globalization;
using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Classes;

/// <summary>
/// Applying, nominating or approving someone who already stands in a class on some of the same days: the page names
/// the other class and goes ahead only once confirmed. trainee@ (许明哲's contact organization) is admitted to the demo class.
/// </summary>
public sealed class ClassOverlapPagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string DemoClass = "社会组织党组织书记示范培训班";

    private async Task<T> WithAsync<T>(Func<IServiceProvider, CoursesDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    /// <summary>A class on the demo class's second day and the day after.</summary>
    private Task<int> OverlappingClassAsync(string title) => WithAsync(async (services, _) =>
    {
        var today = factory.Programme.Today;
        var saved = await services.GetRequiredService<ClassPlanner>().SaveAsync(null, new ClassDraft(title, "", ClassKind.InPerson,
            today.AddDays(1), today.AddDays(2), "省委党校", 30, null, [], null, null, null));
        return saved.Class!.Id;
    });

    private Task<EnrolmentStatus?> StatusAsync(int classId, string mobile) => WithAsync((_, db) =>
        db.ClassEnrolments.Where(e => e.ClassId == classId && e.Person!.Mobile == mobile).Select(e => (EnrolmentStatus?)e.Status).SingleOrDefaultAsync());

    [Fact]
    public async Task An_applicant_is_warned_of_the_overlapping_class_and_enrols_only_once_they_confirm()
    {
        var id = await OverlappingClassAsync("社会组织法人治理专题班");
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var page = $"/classes/{id}";

        var warned = await trainee.PostAsync($"{page}/apply", await LearnHubFactory.FormWithTokenAsync(trainee, page, new()));
        var html = await warned.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains("data-testid=\"overlap-warning\"", html, StringComparison.Ordinal);
        Assert.Contains($"已在同期的「{DemoClass}」", html, StringComparison.Ordinal);
        Assert.Null(await StatusAsync(id, "13800000001"));

        var confirmed = await trainee.PostAsync($"{page}/apply", await LearnHubFactory.FormWithTokenAsync(trainee, page, new() { ["confirmOverlap"] = "true" }));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(EnrolmentStatus.Pending, await StatusAsync(id, "13800000001"));

        // The approver is warned too, in English when they read English.
        var enrolment = await WithAsync((_, db) => db.ClassEnrolments.Where(e => e.ClassId == id).Select(e => e.Id).SingleAsync());
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var plan = $"/admin/classes/{id}";
        await admin.PostAsync("/culture", await LearnHubFactory.FormWithTokenAsync(admin, plan, new() { ["culture"] = "en", ["returnUrl"] = plan }));
        var approve = $"{plan}/enrolments/{enrolment}/approve";
        var asked = await (await admin.PostAsync(approve, await LearnHubFactory.FormWithTokenAsync(admin, plan, new()))).Content.ReadAsStringAsync();
        Assert.Contains($"is already in “{DemoClass}”", asked, StringComparison.Ordinal);
        Assert.Equal(EnrolmentStatus.Pending, await StatusAsync(id, "13800000001"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(approve, await LearnHubFactory.FormWithTokenAsync(admin, plan, new() { ["confirmOverlap"] = "true" }))).StatusCode);
        Assert.Equal(EnrolmentStatus.Admitted, await StatusAsync(id, "13800000001"));
    }

    [Fact]
    public async Task A_contact_person_nominating_someone_already_in_a_class_those_days_is_warned_and_others_are_not()
    {
        var id = await OverlappingClassAsync("社会组织财务规范专题班");
        var later = await WithAsync(async (services, _) => (await services.GetRequiredService<ClassPlanner>().SaveAsync(null, new ClassDraft("下月的专题班", "",
            ClassKind.InPerson, factory.Programme.Today.AddDays(30), factory.Programme.Today.AddDays(31), "省委党校", 30, null, [], null, null, null))).Class!.Id);
        var person = await WithAsync((_, db) => db.People.Where(p => p.Mobile == "13800000001").Select(p => p.Id).SingleAsync());
        var contact = await factory.SignInAsync("contact@learnhub.example");
        var page = $"/classes/{id}/nominate";
        var fields = new Dictionary<string, string> { ["personIds"] = person.ToString(CultureInfo.InvariantCulture) };

        var warned = await (await contact.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(contact, page, fields))).Content.ReadAsStringAsync();
        Assert.Contains($"已在同期的「{DemoClass}」", warned, StringComparison.Ordinal);
        Assert.Null(await StatusAsync(id, "13800000001"));
        fields["confirmOverlap"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await contact.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(contact, page, fields))).StatusCode);
        Assert.Equal(EnrolmentStatus.Pending, await StatusAsync(id, "13800000001"));

        // A class on other days asks nothing.
        var laterPage = $"/classes/{later}/nominate";
        var direct = await contact.PostAsync(laterPage, await LearnHubFactory.FormWithTokenAsync(contact, laterPage,
            new() { ["personIds"] = person.ToString(CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.Redirect, direct.StatusCode);
        Assert.Equal(EnrolmentStatus.Pending, await StatusAsync(later, "13800000001"));
    }
}
