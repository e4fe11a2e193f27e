using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Classes;

/// <summary>The demo class loaded in the afternoon: the morning session, its check-in long closed, still shows who came.</summary>
public sealed class AfternoonDemoFactory : LearnHubFactory
{
    protected override TestClock CreateClock() => new(OnTestDay(15, 30), running: false);
}

/// <summary>The demo class loaded late in the evening, after both of the first day's sessions.</summary>
public sealed class EveningDemoFactory : LearnHubFactory
{
    protected override TestClock CreateClock() => new(OnTestDay(21, 30), running: false);
}

[Trait("Category", "Demo")]
public sealed class DemoClassHoursTests(AfternoonDemoFactory afternoon, EveningDemoFactory evening)
    : IClassFixture<AfternoonDemoFactory>, IClassFixture<EveningDemoFactory>
{
    /// <summary>Session number → the arrived trainee's (贺新民, 17864304369) state in it; absent keys have no record.</summary>
    private static async Task<Dictionary<int, AttendanceState>> ArrivedAsync(LearnHubFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var series = await db.TrainingClasses.Where(c => c.Title == "社会组织党组织书记示范培训班").Select(c => c.SeriesId).SingleAsync();
        return await db.AttendanceRecords.Where(a => a.Session!.SeriesId == series && a.Person!.Mobile == "17864304369")
            .Select(a => new { a.Session!.Number, a.State }).ToDictionaryAsync(a => a.Number, a => a.State);
    }

    [Fact]
    public async Task Loaded_in_the_afternoon_the_morning_session_shows_who_came_and_the_afternoon_one_is_checked_in()
    {
        var states = await ArrivedAsync(afternoon);

        Assert.Equal(AttendanceState.Present, states[1]);
        Assert.True(states.ContainsKey(2), "checked in to the afternoon session under way");
        var headTeacher = await afternoon.SignInAsync(ClassRunningPagesTests.HeadTeacher);
        var id = await ClassIdAsync(afternoon);
        Assert.Contains("已签到 1 / 应到 4 人", await headTeacher.GetStringAsync($"/classes/{id}/run"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loaded_in_the_evening_both_of_the_first_day_s_sessions_show_who_came_and_the_summary_is_not_all_short()
    {
        var states = await ArrivedAsync(evening);

        Assert.Equal((AttendanceState.Present, AttendanceState.Present), (states[1], states[2]));
        // The head teacher's page counts them as come, not among the absent.
        var run = await (await evening.SignInAsync(ClassRunningPagesTests.HeadTeacher)).GetStringAsync($"/classes/{await ClassIdAsync(evening)}/run");
        Assert.Matches("data-testid=\"checked-in\">\\s*<li[^>]*>贺新民", run);
        Assert.DoesNotMatch("data-testid=\"not-yet\">[^<]*贺新民", run);
        var admin = await evening.SignInAsync("admin@learnhub.example");
        var summary = await admin.GetStringAsync($"/admin/classes/{await ClassIdAsync(evening)}/summary");
        Assert.Contains("贺新民", summary, StringComparison.Ordinal);
    }

    private static async Task<int> ClassIdAsync(LearnHubFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().TrainingClasses.Where(c => c.Title == "社会组织党组织书记示范培训班")
            .Select(c => c.Id).SingleAsync();
    }
}
