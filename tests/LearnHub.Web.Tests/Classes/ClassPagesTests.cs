using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Classes;

/// <summary>The demo's training class through its pages: planning, nominations within reach, decisions and the trainee's page.</summary>
public sealed class ClassPagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    /// <summary>The demo's class on the load day (beside it, the earlier class it already held).</summary>
    private Task<int> ClassIdAsync() => QueryAsync(db => db.TrainingClasses.Where(c => c.Title == "社会组织党组织书记示范培训班").Select(c => c.Id).SingleAsync());

    private Task<int> EnrolmentAsync(string mobile) =>
        QueryAsync(db => db.ClassEnrolments.Where(e => e.Person!.Mobile == mobile && e.Class!.Title == "社会组织党组织书记示范培训班").Select(e => e.Id).SingleAsync());

    private Task<EnrolmentStatus> StatusAsync(int enrolmentId) =>
        QueryAsync(db => db.ClassEnrolments.Where(e => e.Id == enrolmentId).Select(e => e.Status).SingleAsync());

    [Fact]
    public async Task The_demo_class_is_held_on_the_load_day_and_the_next_with_people_in_every_state()
    {
        var id = await ClassIdAsync();
        var admin = await factory.SignInAsync("admin@learnhub.example");

        var list = await admin.GetStringAsync("/admin/classes");
        var plan = await admin.GetStringAsync($"/admin/classes/{id}");

        Assert.Contains("社会组织党组织书记示范培训班", list, StringComparison.Ordinal);
        foreach (var status in Enum.GetValues<EnrolmentStatus>())
        {
            Assert.Contains($"data-status=\"{status}\"", plan, StringComparison.Ordinal);
        }

        // Two sessions of three hours on the first day, one on the second, one online course: 9 centralized hours, 1.2 days.
        Assert.Contains("其中集中培训 9 学时，折合 1.2 天", plan, StringComparison.Ordinal);
        var today = factory.Programme.Today;
        var dates = await QueryAsync(db => db.TrainingClasses.Where(c => c.Id == id).Select(c => new { c.StartsOn, c.EndsOn }).SingleAsync());
        Assert.Equal((today, today.AddDays(1)), (dates.StartsOn, dates.EndsOn));
    }

    [Fact]
    public async Task A_contact_person_sees_and_nominates_only_their_organization_s_people()
    {
        var id = await ClassIdAsync();
        var contact = await factory.SignInAsync("contact@learnhub.example");
        var page = $"/classes/{id}/nominate";

        var html = await contact.GetStringAsync(page);

        // 许明哲 (their organization, admitted) is listed; 贺新民 (another organization, admitted) is not.
        Assert.Contains("许明哲", html, StringComparison.Ordinal);
        Assert.DoesNotContain("贺新民", html, StringComparison.Ordinal);
        Assert.DoesNotContain("冯泽宇", html, StringComparison.Ordinal);

        var stranger = await QueryAsync(db => db.People.Where(p => p.Mobile == "17316268529").Select(p => p.Id).SingleAsync());
        var response = await contact.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(contact, page, new() { ["personIds"] = stranger.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        // Refused: the cookie scheme answers a forbidden request with the access-denied page.
        Assert.Contains("denied", response.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.False(await QueryAsync(db => db.ClassEnrolments.AnyAsync(e => e.PersonId == stranger)));
    }

    [Fact]
    public async Task A_nomination_beyond_the_organization_s_quota_is_refused_with_the_reason()
    {
        var id = await ClassIdAsync();
        var contact = await factory.SignInAsync("contact@learnhub.example");
        var page = $"/classes/{id}/nominate";
        // The organization stands in the class with four people and may have five.
        var people = await QueryAsync(db => db.People.Where(p => p.Mobile == "13368352448" || p.Mobile == "18039063071").OrderBy(p => p.Mobile)
            .Select(p => p.Id).ToListAsync());
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", LearnHubFactory.AntiforgeryToken(await contact.GetStringAsync(page))) };
        fields.AddRange(people.Select(p => new KeyValuePair<string, string>("personIds", p.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Equal(HttpStatusCode.Redirect, (await contact.PostAsync(page, new FormUrlEncodedContent(fields))).StatusCode);
        var html = await contact.GetStringAsync(page);

        Assert.Contains("已推荐 1 人", html, StringComparison.Ordinal);
        Assert.Contains("已超出本班给每个组织的名额", html, StringComparison.Ordinal);
        Assert.Equal(1, await QueryAsync(db => db.ClassEnrolments.CountAsync(e => people.Contains(e.PersonId))));
    }

    [Fact]
    public async Task A_trainee_cannot_approve_and_the_organizer_approval_fills_the_waiting_list_in_turn()
    {
        var id = await ClassIdAsync();
        var pending = await EnrolmentAsync("15044205673");
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var approve = $"/admin/classes/{id}/enrolments/{pending}/approve";

        var refused = await trainee.PostAsync(approve, await LearnHubFactory.FormWithTokenAsync(trainee, $"/classes/{id}", []));

        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain($"/admin/classes/{id}", refused.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.Equal(EnrolmentStatus.Pending, await StatusAsync(pending));

        // The organizer approves: the class is full, so the approved person waits behind the one approved earlier.
        var admin = await factory.SignInAsync("admin@learnhub.example");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(approve, await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/classes/{id}", []))).StatusCode);
        Assert.Equal(EnrolmentStatus.Waitlisted, await StatusAsync(pending));

        // Refusing an admitted person (with a reason) moves the first of the waiting list up, not the later one.
        var admitted = await EnrolmentAsync("17864304369");
        var firstWaiting = await EnrolmentAsync("18161613837");
        var refuse = await admin.PostAsync($"/admin/classes/{id}/enrolments/{admitted}/refuse",
            await LearnHubFactory.FormWithTokenAsync(admin, $"/admin/classes/{id}", new() { ["reason"] = "单位工作安排调整" }));
        Assert.Equal(HttpStatusCode.Redirect, refuse.StatusCode);
        Assert.Equal((EnrolmentStatus.Refused, EnrolmentStatus.Admitted, EnrolmentStatus.Waitlisted),
            (await StatusAsync(admitted), await StatusAsync(firstWaiting), await StatusAsync(pending)));
        var told = await QueryAsync(db => db.Notifications.Where(n => n.MessageKey == "Notice.Class.Refused").Select(n => n.Arguments).ToListAsync());
        Assert.Contains(told, a => a.Contains("单位工作安排调整", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_trainee_s_class_page_shows_the_timetable_and_their_admission_and_my_learning_lists_it()
    {
        var id = await ClassIdAsync();
        var trainee = await factory.SignInAsync("trainee@learnhub.example");

        var page = await trainee.GetStringAsync($"/classes/{id}");
        var learning = await trainee.GetStringAsync("/my/learning");

        Assert.Contains("data-status=\"Admitted\"", page, StringComparison.Ordinal);
        Assert.Contains("社会组织党组织建设实务", page, StringComparison.Ordinal);
        Assert.Contains("必修网课", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"my-classes\"", learning, StringComparison.Ordinal);
        Assert.Contains($"/classes/{id}", learning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_roster_exports_as_a_spreadsheet_for_the_organizer_only()
    {
        var id = await ClassIdAsync();
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var contact = await factory.SignInAsync("contact@learnhub.example");

        var response = await admin.GetAsync($"/admin/classes/{id}/roster.xlsx");
        var denied = await contact.GetAsync($"/admin/classes/{id}/roster.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((byte)'P', bytes[0]);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
