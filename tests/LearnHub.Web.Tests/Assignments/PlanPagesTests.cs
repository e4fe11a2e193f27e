using System.Net;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Data;
using LearnHub.Web.Features.Compliance.Assignments;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Assignments;

/// <summary>Assigning work, seeing it on the plan, the completion overview and reminders, through the real app.</summary>
public sealed class PlanPagesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Trainee = "trainee@learnhub.example";
    private const string Supervisor = "supervisor@learnhub.example";

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>The programme year of the test clock, the demo's current year.</summary>
    private int Year => factory.Programme.Year;

    private Task<(int PersonId, int OrganizationId, string UserId)> TraineeAsync() => WithAsync(async services =>
    {
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Trainee);
        var db = services.GetRequiredService<CoursesDbContext>();
        var organizationId = await db.People.Where(p => p.Id == user!.PersonId).Select(p => p.OrganizationId).SingleAsync();
        return (user!.PersonId!.Value, organizationId, user.Id);
    });

    /// <summary>A published course that is not yet on the trainee's plan.</summary>
    private async Task<(int Id, string Title)> CourseOffPlanAsync(int personId, params int[] skip)
    {
        var plan = await WithAsync(services => services.GetRequiredService<PlanQueries>().ForPersonAsync(personId, Year, CancellationToken.None));
        return await WithAsync(services => services.GetRequiredService<CoursesDbContext>().Courses
            .Where(c => c.Published).OrderBy(c => c.Id).Select(c => new { c.Id, c.Title }).ToListAsync()
            .ContinueWith(t => t.Result.Where(c => plan!.Plan.Items.All(i => i.TargetId != c.Id) && !skip.Contains(c.Id)).Select(c => (c.Id, c.Title)).First(), TaskScheduler.Default));
    }

    [Fact]
    public async Task My_learning_shows_the_plan_with_a_continue_button_to_the_next_lesson()
    {
        var client = await factory.SignInAsync(Trainee);
        var html = await client.GetStringAsync("/my/learning?culture=zh-CN");

        Assert.Contains("data-testid=\"year-plan\"", html, StringComparison.Ordinal);
        Assert.Contains($"{Year} 年度学习计划", html, StringComparison.Ordinal);
        Assert.Matches("href=\"/courses/[^\"?]+\\?lesson=\\d+\" data-testid=\"continue\">继续学习<", html);
        Assert.Contains("data-testid=\"pool-progress\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_assigns_a_course_to_an_organization_and_it_appears_on_a_members_plan()
    {
        var (personId, organizationId, _) = await TraineeAsync();
        var (courseId, title) = await CourseOffPlanAsync(personId);
        var supervisor = await factory.SignInAsync(Supervisor);
        var response = await supervisor.PostAsync("/supervision/assignments", await LearnHubFactory.FormWithTokenAsync(supervisor, "/supervision/assignments",
            new Dictionary<string, string> { ["What"] = $"course:{courseId}", ["Organization"] = organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["DueOn"] = $"{Year}-12-20" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var trainee = await factory.SignInAsync(Trainee);
        var html = await trainee.GetStringAsync("/my/learning?culture=zh-CN");
        Assert.Contains($"data-kind=\"Course\" data-target-id=\"{courseId}\"", html, StringComparison.Ordinal);
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.Contains("主管指派", html, StringComparison.Ordinal);
        Assert.Contains(title, await supervisor.GetStringAsync("/supervision/assignments"), StringComparison.Ordinal);

        // The member is told, once, with the due date and a way to their learning.
        var notifications = await trainee.GetStringAsync("/notifications?culture=zh-CN");
        Assert.Contains($"新的学习任务：{title}", notifications, StringComparison.Ordinal);
        Assert.Contains($"请在 {Year}-12-20 前完成", notifications, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervisor_cannot_assign_outside_their_unit_and_nothing_is_written()
    {
        var outside = await WithAsync(async services =>
        {
            var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Supervisor);
            return await services.GetRequiredService<CoursesDbContext>().Organizations
                .Where(o => o.SupervisingUnitId != user!.SupervisingUnitId).Select(o => o.Id).FirstAsync();
        });
        var before = await WithAsync(services => services.GetRequiredService<CoursesDbContext>().SupervisorAssignments.CountAsync());
        var supervisor = await factory.SignInAsync(Supervisor);
        var courseId = await WithAsync(services => services.GetRequiredService<CoursesDbContext>().Courses.Select(c => c.Id).FirstAsync());
        var response = await supervisor.PostAsync("/supervision/assignments", await LearnHubFactory.FormWithTokenAsync(supervisor, "/supervision/assignments",
            new Dictionary<string, string> { ["What"] = $"course:{courseId}", ["Organization"] = outside.ToString(System.Globalization.CultureInfo.InvariantCulture), ["DueOn"] = $"{Year}-12-20" }));

        // Refused on the same page, with what was chosen still there.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("不在您的管辖范围内", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"course:{courseId}\" selected=\"selected\"", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Year}-12-20\"", html, StringComparison.Ordinal);
        Assert.Equal(before, await WithAsync(services => services.GetRequiredService<CoursesDbContext>().SupervisorAssignments.CountAsync()));

        var trainee = await factory.SignInAsync(Trainee);
        var denied = await trainee.GetAsync("/supervision/plans");
        Assert.Equal("/account/denied", denied.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Recent_assignments_name_only_the_organizations_of_the_supervisors_unit()
    {
        var (_, organizationId, _) = await TraineeAsync();
        var (outside, outsideName) = await WithAsync(async services =>
        {
            var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Supervisor);
            return await services.GetRequiredService<CoursesDbContext>().Organizations.Where(o => o.SupervisingUnitId != user!.SupervisingUnitId)
                .Select(o => ValueTuple.Create(o.Id, o.Name)).FirstAsync();
        });
        await WithAsync(async services =>
        {
            var db = services.GetRequiredService<CoursesDbContext>();
            var assignment = new SupervisorAssignment
            {
                CourseId = await db.Courses.Select(c => c.Id).FirstAsync(), DueOn = factory.Programme.Today.AddDays(30), AssignedBy = "admin", AssignedAt = factory.Programme.UtcNow,
            };
            assignment.Targets.Add(new AssignmentTarget { OrganizationId = organizationId });
            assignment.Targets.Add(new AssignmentTarget { OrganizationId = outside });
            db.SupervisorAssignments.Add(assignment);
            return await db.SaveChangesAsync();
        });

        var supervisor = await factory.SignInAsync(Supervisor);
        var html = await supervisor.GetStringAsync("/supervision/assignments");
        Assert.Contains("data-testid=\"assignment\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(outsideName, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_completion_overview_lists_the_people_behind_each_number_within_the_unit()
    {
        var (personId, organizationId, _) = await TraineeAsync();
        var supervisor = await factory.SignInAsync(Supervisor);
        var html = await supervisor.GetStringAsync("/supervision/plans?culture=zh-CN");

        Assert.Contains($"data-organization-id=\"{organizationId}\"", html, StringComparison.Ordinal);
        Assert.Contains($"/supervision/plans/{personId}?year={Year}", html, StringComparison.Ordinal);
        var person = await supervisor.GetAsync($"/supervision/plans/{personId}");
        Assert.Equal(HttpStatusCode.OK, person.StatusCode);
        Assert.Contains("data-testid=\"person-plan\"", await person.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_completion_overview_exports_one_line_per_person_and_tier_as_on_screen()
    {
        var (personId, _, _) = await TraineeAsync();
        var (name, organization) = await WithAsync(services => services.GetRequiredService<CoursesDbContext>().People
            .Where(p => p.Id == personId).Select(p => ValueTuple.Create(p.Name, p.Organization!.Name)).SingleAsync());
        var supervisor = await factory.SignInAsync(Supervisor);
        Assert.Contains($"/supervision/plans/export.csv?year={Year}", await supervisor.GetStringAsync($"/supervision/plans?year={Year}"), StringComparison.Ordinal);

        var csv = await supervisor.GetAsync($"/supervision/plans/export.csv?year={Year}&culture=zh-CN");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("社会组织,层级,姓名,手机号,电子邮箱,状态,方案项目完成,待完成项目,逾期项目,错过场次,达标情况", lines[0].TrimStart('\uFEFF'));
        var mine = lines.Where(l => l.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, l => Assert.StartsWith(organization, l, StringComparison.Ordinal));
        Assert.All(mine, l => Assert.Matches(@",(已完成|未完成),\d+/\d+,\d+,\d+,\d+,(已达标|待完成|未达标|无适用的培训要求)$", l));

        var xlsx = await supervisor.GetAsync($"/supervision/plans/export.xlsx?year={Year}");
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(bytes, 0, 2));

        var trainee = await factory.SignInAsync(Trainee);
        Assert.Equal("/account/denied", (await trainee.GetAsync("/supervision/plans/export.csv")).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Reminders_go_out_once_for_a_course_due_within_14_days_and_once_for_an_overdue_one()
    {
        var (personId, _, userId) = await TraineeAsync();
        var soon = await CourseOffPlanAsync(personId);
        var late = await CourseOffPlanAsync(personId, soon.Id);
        var today = await WithAsync(services => Task.FromResult(services.GetRequiredService<Courses.Calendar.ProgrammeClock>().Today));
        await WithAsync(async services =>
        {
            var db = services.GetRequiredService<CoursesDbContext>();
            foreach (var (courseId, due) in new[] { (soon.Id, today.AddDays(10)), (late.Id, today.AddDays(-3)) })
            {
                var assignment = new SupervisorAssignment { CourseId = courseId, DueOn = due, AssignedBy = "test", AssignedAt = DateTimeOffset.UtcNow };
                assignment.Targets.Add(new AssignmentTarget { PersonId = personId });
                db.SupervisorAssignments.Add(assignment);
            }

            return await db.SaveChangesAsync();
        });

        for (var run = 0; run < 2; run++)
        {
            await WithAsync(services => services.GetRequiredService<PlanReminders>().RunOnceAsync(CancellationToken.None));
        }

        var notices = await WithAsync(services => services.GetRequiredService<CoursesDbContext>().Notifications
            .Where(n => n.UserId == userId && n.MessageKey.StartsWith("Notice.Plan")).ToListAsync());
        Assert.Single(notices, n => n.MessageKey == "Notice.PlanDueSoon" && n.Arguments.StartsWith(soon.Title, StringComparison.Ordinal));
        Assert.Single(notices, n => n.MessageKey == "Notice.PlanOverdue" && n.Arguments.StartsWith(late.Title, StringComparison.Ordinal));

        var trainee = await factory.SignInAsync(Trainee);
        var bell = await trainee.GetStringAsync("/notifications?culture=zh-CN");
        Assert.Contains("学习任务已逾期：" + late.Title, bell, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_includes_the_curriculum_rule_and_the_compliance_report_evaluates_it_from_plans()
    {
        var setId = await WithAsync(async services => (await services.GetRequiredService<Courses.Compliance.Rules.RuleBook>().ActiveAsync(Year)).Id);
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var page = $"/admin/rules/{setId}";
        var html = await admin.GetStringAsync(page);
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "name=\"([^\"]+)\"[^>]*value=\"([^\"]*)\"")
            .Where(m => !m.Groups[1].Value.StartsWith("__", StringComparison.Ordinal) && m.Groups[1].Value != "IncludeCurriculum")
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value);
        fields["IncludeCurriculum"] = "true";
        var response = await admin.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(admin, page, fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await WithAsync(services => services.GetRequiredService<CoursesDbContext>().ComplianceRules
            .AnyAsync(r => r.RuleSetId == setId && r.Kind == Courses.Compliance.Rules.RuleKind.CurriculumComplete)));

        var (personId, _, _) = await TraineeAsync();
        var person = await WithAsync(services => services.GetRequiredService<Courses.Compliance.Rules.ComplianceQueries>().PersonAsync(personId, Year));
        var outcome = Assert.Single(person!.Outcomes, o => o.Rule.Kind == Courses.Compliance.Rules.RuleKind.CurriculumComplete);
        Assert.Equal(Courses.Compliance.Rules.ComplianceStatus.Due, outcome.Status);
        Assert.Equal(2m, outcome.Measures[0].Need);
        Assert.Contains("年度培训方案完成", await admin.GetStringAsync($"/admin/rules?year={Year}&culture=zh-CN"), StringComparison.Ordinal);
    }
}
