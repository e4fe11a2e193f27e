using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

public sealed class CourseNotesTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public async Task Script_in_a_lecturers_Markdown_renders_as_inert_text()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
            db.Courses.Add(new Course
            {
                Slug = "xss-probe", Title = "注入测试", Summary = "测试", Tiers = Courses.Registry.People.Tier.Staff, CreditHours = 1,
                Topic = CourseTopic.Law, Format = CourseFormat.Online,
                NotesMarkdown = "## 标题\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(2))",
            });
            await db.SaveChangesAsync();
        }

        var html = await factory.CreateBrowser().GetStringAsync("/courses/xss-probe");
        var notes = html[html.IndexOf("data-testid=\"course-notes\"", StringComparison.Ordinal)..];

        Assert.DoesNotContain("<script>alert", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", notes, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", notes, StringComparison.Ordinal);
        Assert.Contains("<h2", notes, StringComparison.Ordinal);
    }
}
