using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Data;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

/// <summary>The default app, its clock advanced by the tests so that minutes of reading take no minutes of testing.</summary>
public sealed class CourseCreditFactory : LearnHubFactory;

/// <summary>
/// The hours a course shows in the catalogue and on its page are the hours the ledger later gets, from the same
/// conversion; reading is reported through /api/v1/reading and timed by the server.
/// </summary>
public sealed class CourseCreditTests(CourseCreditFactory factory) : IClassFixture<CourseCreditFactory>
{
    private const string Trainee = "trainee@learnhub.example";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Report(double ReadSeconds, double RequiredSeconds, double CreditedSeconds, bool Completed, int ReportIntervalSeconds);

    private async Task<T> WithAsync<T>(Func<IServiceProvider, CoursesDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    /// <summary>A published course of two reading lessons of a minute each, its stored hours refreshed as a lesson save does.</summary>
    private Task<(int CourseId, string Slug, string Title, int[] Lessons)> ReadingCourseAsync() => WithAsync(async (services, db) =>
    {
        var course = new Course
        {
            Slug = "read-" + Guid.NewGuid().ToString("N")[..10], Title = "章程阅读" + Guid.NewGuid().ToString("N")[..6], Summary = "阅读测试",
            Format = CourseFormat.Online, Topic = CourseTopic.Governance, Tiers = Courses.Registry.People.Tier.Secretaries, CreditHours = 3m,
        };
        course.Lessons.Add(new Lesson { Order = 1, Title = "第一讲", Minutes = 40, ReadingMinutes = 1, NotesMarkdown = "**章程**要点" });
        course.Lessons.Add(new Lesson { Order = 2, Title = "第二讲", Minutes = 40, ReadingMinutes = 1, NotesMarkdown = "议事规则" });
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        await services.GetRequiredService<CourseCredit>().RefreshAsync([course.Id]);
        return (course.Id, course.Slug, course.Title, course.Lessons.Select(l => l.Id).ToArray());
    });

    private static async Task<Report> ReportAsync(HttpClient client, int lessonId, bool visible = true)
    {
        var response = await client.PostAsJsonAsync("/api/v1/reading/heartbeat", new { lessonId, visible });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Report>(Json))!;
    }

    private async Task<Report> ReadAsync(HttpClient client, int lessonId)
    {
        var last = await ReportAsync(client, lessonId);
        while (!last.Completed)
        {
            factory.Clock.Advance(TimeSpan.FromSeconds(15));
            last = await ReportAsync(client, lessonId);
        }

        return last;
    }

    private static string Hours(string page) =>
        page.Split("data-testid=\"course-hours\">", 2)[1].Split('<', 2)[0];

    [Fact]
    public async Task The_catalogue_and_course_page_show_the_hours_the_ledger_gets_and_follow_the_active_conversion()
    {
        var (courseId, slug, title, lessons) = await ReadingCourseAsync();
        var client = await factory.SignInAsync(Trainee);

        // Two minutes of reading: the short rate of the default conversion, not the three hours the course once named.
        Assert.Equal("0.25", Hours(await client.GetStringAsync($"/courses/{slug}?culture=zh-CN")));
        var catalogue = await client.GetStringAsync($"/courses?q={Uri.EscapeDataString(title)}&culture=zh-CN");
        Assert.Contains("0.25 学时", catalogue, StringComparison.Ordinal);

        await WithAsync(async (services, _) =>
        {
            var rules = services.GetRequiredService<RuleBook>();
            var year = factory.Programme.Year;
            await rules.EnsureYearAsync(year);
            var set = await rules.FindForEditAsync((await rules.ActiveAsync(year)).Id);
            set!.OnlineCredit.ShortHours = 0.5m;
            await rules.SaveAsync();
            return 0;
        });
        var page = await client.GetStringAsync($"/courses/{slug}?lesson={lessons[0]}&culture=zh-CN");
        Assert.Equal("0.5", Hours(page));
        Assert.Contains($"data-reading-lesson=\"{lessons[0]}\"", page, StringComparison.Ordinal);
        Assert.Contains("0.5 学时", await client.GetStringAsync($"/courses?q={Uri.EscapeDataString(title)}&culture=zh-CN"), StringComparison.Ordinal);

        Assert.True((await ReadAsync(client, lessons[0])).Completed);
        Assert.False(await WithAsync((_, db) => db.LedgerEntries.AnyAsync(e => e.CreditKey == $"course:{courseId}")));
        Assert.True((await ReadAsync(client, lessons[1])).Completed);

        var credit = await WithAsync((_, db) => db.LedgerEntries.AsNoTracking().SingleAsync(e => e.CreditKey == $"course:{courseId}"));
        Assert.Equal(0.5m, credit.Hours);
        // A completed lesson is not timed any more, and the page says so.
        Assert.Contains("data-completed=\"true\"", await client.GetStringAsync($"/courses/{slug}?lesson={lessons[0]}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_reports_need_a_signed_in_person_and_a_reading_lesson()
    {
        var (_, _, _, lessons) = await ReadingCourseAsync();
        var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await anonymous.PostAsJsonAsync("/api/v1/reading/heartbeat", new { lessonId = lessons[0], visible = true });
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);

        var client = await factory.SignInAsync(Trainee);
        response = await client.PostAsJsonAsync("/api/v1/reading/heartbeat", new { lessonId = int.MaxValue, visible = true });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
