using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace LearnHub.Web.Tests;

/// <summary>A lecturer who books more upload room than their quota is told so, in their language, before sending a byte.</summary>
public sealed class MediaUploadQuotaTests(MediaUploadQuotaTests.SmallQuotaFactory factory) : IClassFixture<MediaUploadQuotaTests.SmallQuotaFactory>
{
    private const long MiB = 1024 * 1024;

    public sealed class SmallQuotaFactory : LearnHubFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Media:UploadQuotaBytesPerUser", (3 * MiB).ToString(CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("", "个人上传额度")]
    [InlineData("?culture=en", "your upload quota")]
    public async Task Unfinished_uploads_beyond_the_quota_are_refused_with_413_in_the_users_language(string culture, string expected)
    {
        var client = await factory.SignInAsync("lecturer@learnhub.example");
        var lessonId = await MediaTestSupport.LessonIdAsync(factory, "pb-organization-building", 3);

        async Task<HttpResponseMessage> CreateAsync()
        {
            var create = MediaTestSupport.Tus(HttpMethod.Post, "/api/v1/uploads" + culture);
            create.Headers.Add("Upload-Length", (2 * MiB).ToString(CultureInfo.InvariantCulture));
            create.Headers.Add("Upload-Metadata", "lessonId " + Convert.ToBase64String(Encoding.UTF8.GetBytes(lessonId.ToString(CultureInfo.InvariantCulture))));
            return await client.SendAsync(create);
        }

        var first = await CreateAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var refused = await CreateAsync();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("UserQuota", problem.RootElement.GetProperty("refusal").GetString());
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Giving the unfinished one back frees its room.
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(MediaTestSupport.Tus(HttpMethod.Delete, first.Headers.Location!.ToString()))).StatusCode);
        var again = await CreateAsync();
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(MediaTestSupport.Tus(HttpMethod.Delete, again.Headers.Location!.ToString()))).StatusCode);
    }
}
