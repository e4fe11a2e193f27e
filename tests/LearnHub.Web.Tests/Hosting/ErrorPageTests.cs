using System.Net;
using LearnHub.Web.Tests.Support;

namespace LearnHub.Web.Tests.Hosting;

/// <summary>The error page writes only error statuses, and a failed POST re-executed on it is not turned into an antiforgery refusal.</summary>
public sealed class ErrorPageTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    [Theory]
    [InlineData("/error/0", HttpStatusCode.NotFound)]
    [InlineData("/error/99", HttpStatusCode.NotFound)]
    [InlineData("/error/204", HttpStatusCode.NotFound)]
    [InlineData("/error/302", HttpStatusCode.NotFound)]
    [InlineData("/error/1000", HttpStatusCode.NotFound)]
    [InlineData("/error/503", HttpStatusCode.ServiceUnavailable)]
    [InlineData("/error", HttpStatusCode.InternalServerError)]
    public async Task The_error_page_writes_only_error_statuses(string path, HttpStatusCode expected)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_post_re_executed_on_the_error_page_keeps_its_status()
    {
        var response = await factory.CreateClient().PostAsync("/error/500", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }
}
