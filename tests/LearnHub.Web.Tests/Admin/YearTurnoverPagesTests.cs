using System.Net;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Data;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Web.Features.Compliance.Turnover;
using LearnHub.Web.Features.Compliance.Assignments;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Admin;

/// <summary>LearnHub on New Year's Eve, China time, with its clock standing still until a test moves it.</summary>
public sealed class NewYearsEveFactory : LearnHubFactory
{
    public static readonly DateTimeOffset Eve = new(2027, 12, 31, 23, 30, 0, TimeSpan.FromHours(8));

    protected override TestClock CreateClock() => new(Eve, running: false);
}

/// <summary>
/// The year turning over through the real app: the administrators hear once that 2028's rules and curricula were
/// carried forward and see it on the admin pages, and a trainee's reminders name the plan's year on either side of midnight.
/// </summary>
public sealed class YearTurnoverPagesTests(NewYearsEveFactory factory) : IClassFixture<NewYearsEveFactory>
{
    private const string Admin = "admin@learnhub.example";
    private const string Trainee = "trainee@learnhub.example";

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private Task<List<Courses.Notifications.Notification>> NoticesAsync(string email, string keyPrefix) => WithAsync(async services =>
    {
        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return await services.GetRequiredService<CoursesDbContext>().Notifications.AsNoTracking()
            .Where(n => n.UserId == user!.Id && n.MessageKey.StartsWith(keyPrefix)).OrderBy(n => n.Id).ToListAsync();
    });

    [Fact]
    public async Task Across_midnight_the_administrators_hear_once_and_the_trainees_reminders_name_the_plans_year()
    {
        // 2027 as the administrators left it: the national preset active with 40 member hours, and curricula for every tier.
        var (personId, courseId, title) = await WithAsync(async services =>
        {
            var db = services.GetRequiredService<CoursesDbContext>();
            await services.GetRequiredService<RuleBook>().YearAsync(2027);
            await services.GetRequiredService<RuleBook>().ActivateAsync(2027, RulePreset.National);
            var rule = await db.ComplianceRules.SingleAsync(r => r.Code == "member-hours" && db.RuleSets.Any(s => s.Id == r.RuleSetId && s.Year == 2027));
            rule.MinCentralizedHours = 40m;
            await db.SaveChangesAsync();
            await services.GetRequiredService<YearTurnover>().CopyCurriculaAsync(2026, 2027);

            // A course assigned to the trainee for 5 January 2028.
            var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(Trainee);
            var plan = await services.GetRequiredService<PlanQueries>().ForPersonAsync(user!.PersonId!.Value, 2027, CancellationToken.None);
            var course = await db.Courses.Where(c => c.Published).OrderBy(c => c.Id).Select(c => new { c.Id, c.Title }).ToListAsync();
            var off = course.First(c => plan!.Plan.Items.All(i => i.TargetId != c.Id));
            var assignment = new SupervisorAssignment { CourseId = off.Id, DueOn = new DateOnly(2028, 1, 5), AssignedBy = "test", AssignedAt = factory.Clock.Now };
            assignment.Targets.Add(new AssignmentTarget { PersonId = user.PersonId!.Value });
            db.SupervisorAssignments.Add(assignment);
            await db.SaveChangesAsync();
            return (user.PersonId!.Value, off.Id, off.Title);
        });
        // 23:30 on 31 December: this year's open courses are due soon as 2027's, the January assignment as 2028's.
        var due = await WithAsync(async services => await services.GetRequiredService<PlanQueries>()
            .RemindersAsync(services.GetRequiredService<CoursesDbContext>().People.Where(p => p.Id == personId), CancellationToken.None));
        Assert.Contains(due, r => r.Year == 2027 && r.Item.DueOn == new DateOnly(2027, 12, 31));
        Assert.Contains(due, r => r.Year == 2028 && r.Item.TargetId == courseId);
        await WithAsync(services => services.GetRequiredService<PlanReminders>().RunOnceAsync(CancellationToken.None));
        var eve = await NoticesAsync(Trainee, "Notice.Plan");
        // Every reminder names its plan's year, which is the year of its due date.
        Assert.All(eve, n => Assert.Equal(n.ArgumentList[1][..4], n.ArgumentList[2]));
        Assert.Single(eve, n => n.ArgumentList is [var t, "2028-01-05", "2028"] && t == title);
        Assert.Contains(eve, n => n.ArgumentList is [_, "2027-12-31", "2027"]);
        await WithAsync(services => services.GetRequiredService<YearTurnoverNotices>().RunOnceAsync(CancellationToken.None));
        Assert.Empty(await NoticesAsync(Admin, "Notice.Year"));

        // 00:30 and 07:30 on 1 January China time, both still 31 December in UTC.
        foreach (var hour in new[] { 0, 0, 7 })
        {
            factory.Clock.Now = new DateTimeOffset(2028, 1, 1, hour, 30, 0, TimeSpan.FromHours(8));
            Assert.Equal(12, factory.Clock.Now.UtcDateTime.Month);
            var year = await WithAsync(services => services.GetRequiredService<YearTurnoverNotices>().RunOnceAsync(CancellationToken.None));
            Assert.Equal((2028, 2027), (year.Year, year.RulesCarriedFrom));
            Assert.True(year.CurriculaCarried > 0);
            await WithAsync(services => services.GetRequiredService<PlanReminders>().RunOnceAsync(CancellationToken.None));
        }

        var notice = Assert.Single(await NoticesAsync(Admin, "Notice.Year"));
        Assert.Equal(("Notice.YearCarriedForward", "/admin/rules?year=2028"), (notice.MessageKey, notice.Link));
        var admin = await factory.SignInAsync(Admin);
        Assert.Contains("2028 年度培训规则和培训方案已沿用上年设置，请审核", await admin.GetStringAsync("/notifications?culture=zh-CN"), StringComparison.Ordinal);
        Assert.Contains("2028 rules and curricula carried forward: please review", await admin.GetStringAsync("/notifications?culture=en"), StringComparison.Ordinal);
        var rules = await admin.GetStringAsync("/admin/rules?year=2028&culture=zh-CN");
        Assert.Contains("data-testid=\"carried-forward\"", rules, StringComparison.Ordinal);
        Assert.Contains("2028 年度的培训规则是 2028-01-01 沿用 2027 年的设置自动生成的", rules, StringComparison.Ordinal);
        Assert.Matches("data-preset=\"National\" data-active=\"True\"", rules);
        Assert.Contains("Curricula copied from 2027 on 2028-01-01", await admin.GetStringAsync("/admin/curricula?year=2028&culture=en"), StringComparison.Ordinal);

        // Last year's open courses fell overdue at midnight without a reminder, and the January assignment was not sent again.
        var after = await NoticesAsync(Trainee, "Notice.Plan");
        Assert.All(after.Where(n => eve.TrueForAll(e => e.Id != n.Id)), n => Assert.Equal("2028", n.ArgumentList[2]));
        Assert.DoesNotContain(after, n => n.MessageKey == "Notice.PlanOverdue" && n.ArgumentList[2] == "2027");
        Assert.Single(after, n => n.ArgumentList[0] == title);
        var trainee = await factory.SignInAsync(Trainee);
        var bell = await trainee.GetStringAsync("/notifications?culture=zh-CN");
        Assert.Contains("2028 年度学习任务即将到期：" + title, bell, StringComparison.Ordinal);
        Assert.Contains("2027 年度学习任务即将到期：", bell, StringComparison.Ordinal);
        Assert.Contains($"Due soon (2028 plan): {title}", await trainee.GetStringAsync("/notifications?culture=en"), StringComparison.Ordinal);

        Assert.Contains("2028 年度学习计划", await trainee.GetStringAsync("/my/learning?culture=zh-CN"), StringComparison.Ordinal);
        var hours = await trainee.GetStringAsync("/my/hours?year=2027&culture=zh-CN");
        Assert.Contains("<option value=\"2027\" selected=\"selected\">", hours, StringComparison.Ordinal);
        // 2027 has closed: what it did not meet is not met, not "due by 31 December".
        Assert.Contains("未达标", hours, StringComparison.Ordinal);
        Assert.DoesNotContain("待完成（截至 2027-12-31）", hours, StringComparison.Ordinal);
        var transcript = await trainee.GetAsync("/my/hours/transcript.pdf?year=2027");
        Assert.Equal(HttpStatusCode.OK, transcript.StatusCode);
        Assert.Equal("application/pdf", transcript.Content.Headers.ContentType!.MediaType);
    }
}

/// <summary>When the year-turnover worker wakes: just after the next hour of the programme's wall clock.</summary>
public sealed class YearTurnoverWorkerTests
{
    [Theory]
    [InlineData(23, 30, 0, 1801)]
    [InlineData(23, 59, 59, 2)]
    [InlineData(0, 0, 0, 3601)]
    public void The_worker_wakes_just_after_the_next_hour_of_China_time(int hour, int minute, int second, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds),
            YearTurnoverWorker.UntilNextHour(new DateTimeOffset(2027, 12, 31, hour, minute, second, TimeSpan.FromHours(8))));
}
