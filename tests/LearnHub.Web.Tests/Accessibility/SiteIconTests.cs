using System.Net;
using LearnHub.Web.Tests.Support;

namespace LearnHub.Web.Tests.Accessibility;

/// <summary>Every page names the 学 mark as its icon, in each form a browser or a phone's home screen asks for.</summary>
public sealed class SiteIconTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Theory]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/apple-touch-icon.png", "image/png")]
    public async Task The_layout_links_the_icon_and_it_is_served(string path, string type)
    {
        var client = factory.CreateClient();
        var home = await client.GetStringAsync("/");
        Assert.Contains($"href=\"{path}\"", home, StringComparison.Ordinal);

        var icon = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal(type, icon.Content.Headers.ContentType?.MediaType);
    }
}
