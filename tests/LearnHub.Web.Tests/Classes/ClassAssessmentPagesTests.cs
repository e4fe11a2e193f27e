using System.Globalization;
using System.Net;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Audit;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Classes;

/// <summary>
/// The demo class's assessment through its pages: the trainee's checklist and reflection form, grading by the class's staff
/// only, the copying flag, and the closing summary and its audited export.
/// </summary>
public sealed class ClassAssessmentPagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private async Task<T> QueryAsync<T>(Func<CoursesDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    // The demo class held around the load day, not the earlier one its people have completed.
    private Task<int> ClassIdAsync() => QueryAsync(db => db.TrainingClasses.Where(c => c.Title == "社会组织党组织书记示范培训班").Select(c => c.Id).SingleAsync());

    private Task<ClassReflection> ReflectionOfAsync(string mobile) =>
        QueryAsync(db => db.Set<ClassReflection>().AsNoTracking().Where(r => r.Person!.Mobile == mobile).OrderByDescending(r => r.Attempt).FirstAsync());

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<HttpResponseMessage> PostWithFileAsync(HttpClient client, string page, string text, string fileName, byte[] bytes)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(LearnHubFactory.AntiforgeryToken(await client.GetStringAsync(page))), "__RequestVerificationToken" },
            { new StringContent(text), "text" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "attachment", fileName);
        return await client.PostAsync(page, form);
    }

    [Fact]
    public async Task The_demo_class_has_a_graded_a_refused_and_a_flagged_reflection_on_its_grading_page()
    {
        var id = await ClassIdAsync();
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var copied = await ReflectionOfAsync("17897320253");

        var list = await admin.GetStringAsync($"/classes/{id}/reflections");
        var page = await admin.GetStringAsync($"/classes/{id}/reflections/{copied.Id}");

        Assert.Contains("data-status=\"Passed\"", list, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Failed\"", list, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Submitted\"", list, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Missing\"", list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"overlap-pair\"", list, StringComparison.Ordinal);
        // The copied paragraph is shown as the passage both reflections share, and only that pair is flagged.
        Assert.Contains("与 江雨桐 的心得疑似雷同", page, StringComparison.Ordinal);
        Assert.Contains("杨老师结合案例讲解了“三会一课”的标准流程", page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(list, "data-testid=\"overlap-pair\""));
        Assert.Contains("data-testid=\"grade-form\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trainee_sees_only_their_own_reflection_and_cannot_grade()
    {
        var id = await ClassIdAsync();
        var contact = await factory.SignInAsync("contact@learnhub.example");
        var others = await ReflectionOfAsync("17864304369");

        // Their own: the grade and the head teacher's comment, not anyone else's text.
        var mine = await contact.GetStringAsync($"/classes/{id}/reflection");
        Assert.Contains("data-status=\"Passed\"", mine, StringComparison.Ordinal);
        Assert.Contains("90 分", mine, StringComparison.Ordinal);
        Assert.Contains("思路清楚，可操作性强", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("本次培训班为期两天", mine, StringComparison.Ordinal);

        // Nobody's else: the list, another's page, grading and another's attachment are all refused.
        foreach (var path in new[] { $"/classes/{id}/reflections", $"/classes/{id}/reflections/{others.Id}", $"/admin/classes/{id}/summary" })
        {
            var response = await contact.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }

        var grade = await contact.PostAsync($"/classes/{id}/reflections/{others.Id}/grade",
            await LearnHubFactory.FormWithTokenAsync(contact, $"/classes/{id}", new() { ["verdict"] = "pass", ["score"] = "99" }));
        Assert.Equal("/account/denied", grade.Headers.Location!.AbsolutePath);
        Assert.Equal((ReflectionStatus.Failed, 55), ((await ReflectionOfAsync("17864304369")).Status, (await ReflectionOfAsync("17864304369")).Score));
        Assert.Equal(HttpStatusCode.NotFound, (await contact.GetAsync($"/classes/{id}/reflections/{others.Id}/attachment")).StatusCode);
    }

    [Fact]
    public async Task The_trainee_hands_in_from_the_class_page_a_short_text_is_kept_with_the_reason_and_the_grade_reaches_them()
    {
        var id = await ClassIdAsync();
        var trainee = await factory.SignInAsync("trainee@learnhub.example");
        var classPage = await trainee.GetStringAsync($"/classes/{id}");
        Assert.Contains("data-testid=\"completion\"", classPage, StringComparison.Ordinal);
        Assert.Contains($"/classes/{id}/reflection", classPage, StringComparison.Ordinal);
        var form = $"/classes/{id}/reflection";
        Assert.Contains("data-testid=\"reflection-form\"", await trainee.GetStringAsync(form), StringComparison.Ordinal);

        // 799 Chinese characters with line breaks between them: one short, refused with the reason, the text kept.
        var almost = string.Join("\n", Enumerable.Range(0, 17).Select(_ => new string('学', 47)));
        var refused = await trainee.PostAsync(form, await LearnHubFactory.FormWithTokenAsync(trainee, form, new() { ["text"] = almost }));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("心得不足 800 字", html, StringComparison.Ordinal);
        Assert.Contains(new string('学', 47), html, StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.Set<ClassReflection>().AnyAsync(r => r.Person!.Mobile == "13800000001")));

        // A program renamed to .pdf is refused by its first bytes, and nothing is kept; a real PDF goes with the text.
        var wrong = await PostWithFileAsync(trainee, form, almost + "心", "心得.pdf", "MZ\u0090\0"u8.ToArray());
        Assert.Contains("附件只能是 PDF", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await QueryAsync(db => db.Set<ClassReflection>().AnyAsync(r => r.Person!.Mobile == "13800000001")));
        var taken = await PostWithFileAsync(trainee, form, almost + "心", "心得体会.pdf", "%PDF-1.4\n%%EOF\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var reflection = await ReflectionOfAsync("13800000001");
        Assert.Equal((800, ReflectionStatus.Submitted, "心得体会.pdf"), (reflection.Characters, reflection.Status, reflection.AttachmentName));

        // The attachment is the author's and the staff's to read, nobody else's.
        var attachment = $"/classes/{id}/reflections/{reflection.Id}/attachment";
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync(attachment)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.SignInAsync("contact@learnhub.example")).GetAsync(attachment)).StatusCode);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var graded = await admin.PostAsync($"/classes/{id}/reflections/{reflection.Id}/grade",
            await LearnHubFactory.FormWithTokenAsync(admin, $"/classes/{id}/reflections/{reflection.Id}", new() { ["score"] = "76", ["comment"] = "结合实际较好" }));
        Assert.Equal(HttpStatusCode.Redirect, graded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(attachment)).StatusCode);
        Assert.Equal((ReflectionStatus.Passed, 76), ((await ReflectionOfAsync("13800000001")).Status, (await ReflectionOfAsync("13800000001")).Score));
        var told = await QueryAsync(db => db.Notifications.Where(n => n.MessageKey == "ClassAssess.Notice.PassedScore").Select(n => n.Arguments).ToListAsync());
        Assert.Contains(told, a => a.Contains("结合实际较好", StringComparison.Ordinal));
        Assert.Contains("data-status=\"Passed\"", await trainee.GetStringAsync(form), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_head_teacher_and_the_organizing_unit_grade_and_others_in_their_roles_do_not()
    {
        var id = await ClassIdAsync();
        var lecturer = await factory.SignInAsync("lecturer@learnhub.example");
        var supervisor = await factory.SignInAsync("supervisor@learnhub.example");
        // A lecturer who is not the class's head teacher (the demo names lecturer@ its head teacher).
        var otherLecturer = await factory.SignInAsync("lecturer2@learnhub.example");
        Assert.Equal("/account/denied", (await otherLecturer.GetAsync($"/classes/{id}/reflections")).Headers.Location!.AbsolutePath);
        Assert.Equal("/account/denied", (await supervisor.GetAsync($"/classes/{id}/reflections")).Headers.Location!.AbsolutePath);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var teacher = await users.FindByEmailAsync("lecturer@learnhub.example");
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            var unit = await db.SupervisingUnits.Where(u => u.Code == "sci").Select(u => u.Id).SingleAsync();
            await db.TrainingClasses.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.HeadTeacherUserId, teacher!.Id).SetProperty(c => c.OrganizingUnitId, unit));
        }

        Assert.Equal(HttpStatusCode.OK, (await lecturer.GetAsync($"/classes/{id}/reflections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/admin/classes/{id}/summary")).StatusCode);
        Assert.Contains("data-testid=\"assessment-links\"", await lecturer.GetStringAsync($"/classes/{id}"), StringComparison.Ordinal);
        var lecturer2 = await factory.SignInAsync("lecturer2@learnhub.example");
        Assert.Equal("/account/denied", (await lecturer2.GetAsync($"/classes/{id}/reflections")).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_summary_counts_what_the_enrolments_say_and_its_export_is_audited()
    {
        var id = await ClassIdAsync();
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var enrolments = await QueryAsync(db => db.ClassEnrolments.AsNoTracking().Where(e => e.ClassId == id).Select(e => new { e.Route, e.Status }).ToListAsync());

        var html = await admin.GetStringAsync($"/admin/classes/{id}/summary");

        string Figure(string name) => System.Text.RegularExpressions.Regex.Match(html, $"data-figure=\"{name}\">([^<]*)<").Groups[1].Value;
        Assert.Equal(Id(enrolments.Count(e => e.Route == EnrolmentRoute.Applied)), Figure("applied"));
        Assert.Equal(Id(enrolments.Count(e => e.Route == EnrolmentRoute.Nominated)), Figure("nominated"));
        foreach (var status in Enum.GetValues<EnrolmentStatus>())
        {
            Assert.Equal(Id(enrolments.Count(e => e.Status == status)), Figure(status.ToString().ToLowerInvariant()));
        }

        // The demo holds every state; the sessions are not closed yet, so nobody has completed.
        Assert.Equal(("2", "7", "4", "1"), (Figure("applied"), Figure("nominated"), Figure("admitted"), Figure("waitlisted")));
        Assert.Equal("0 / 4", Figure("completed"));
        Assert.Contains("data-testid=\"not-settled\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"attendance-chart\"", html, StringComparison.Ordinal);
        // 丁静's reflection and 江雨桐's, whose paragraph it copies.
        Assert.Equal("2", Figure("reflection-flagged"));

        var export = await admin.GetAsync($"/admin/classes/{id}/summary.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal((byte)'P', (await export.Content.ReadAsByteArrayAsync())[0]);
        await using var scope = factory.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>().AuditLog.AsNoTracking();
        Assert.True(await audit.AnyAsync(e => e.Action == AuditAction.Exported && e.Target == $"GET /admin/classes/{id}/summary.xlsx"));
    }
}
