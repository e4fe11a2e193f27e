using System.Text.RegularExpressions;
using LearnHub.Web.Tests.Support;

namespace LearnHub.Web.Tests.Accessibility;

/// <summary>
/// Tables that scroll sideways on a phone can be reached and scrolled with the keyboard: every wrapper is a
/// focusable region named after its table.
/// </summary>
public sealed partial class ScrollTableTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Fact]
    public void Every_table_wrapper_in_the_views_is_named_for_the_keyboard()
    {
        var views = Directory.EnumerateFiles(LearnHubFactory.RepositoryPath("src/LearnHub.Web/Features"), "*.cshtml", SearchOption.AllDirectories);
        var unnamed = views
            .SelectMany(view => Wrapper().Matches(File.ReadAllText(view))
                .Where(tag => !tag.Value.Contains("scroll-label=", StringComparison.Ordinal))
                .Select(tag => $"{Path.GetFileName(view)}: {tag.Value}"))
            .ToList();

        Assert.True(unnamed.Count == 0, "Give these a scroll-label naming the table:\n" + string.Join('\n', unnamed));
    }

    [Fact]
    public async Task The_people_list_wraps_its_table_in_a_focusable_named_region()
    {
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var html = await admin.GetStringAsync("/admin/people");

        var wrapper = Wrapper().Match(html);
        Assert.True(wrapper.Success);
        Assert.Contains("tabindex=\"0\"", wrapper.Value, StringComparison.Ordinal);
        Assert.Contains("role=\"region\"", wrapper.Value, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"人员\"", wrapper.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("scroll-label", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<div class=\"table-responsive[^\"]*\"[^>]*>")]
    private static partial Regex Wrapper();
}
