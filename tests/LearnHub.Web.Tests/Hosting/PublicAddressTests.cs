using System.Net;
using System.Text.Json;
using LearnHub.Courses.Data;
using LearnHub.Web.Hosting;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Hosting;

/// <summary>LearnHub with its public address configured, as a deployment has it.</summary>
public sealed class PublicAddressFactory : LearnHubFactory
{
    public const string Address = "https://learnhub.example.gov.cn";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(PublicAddress.Setting, Address + "/");
        // nginx on another host, as docs/operations.md ("Behind nginx on two nodes") sets it.
        builder.UseSetting("LearnHub:KnownProxies:0", "10.0.0.10");
    }
}

/// <summary>
/// A forged Host header names nothing: with LearnHub:PublicUrl set, other hosts are refused, and the issuer and the
/// links in public files are the configured address whatever host the request came to.
/// </summary>
public sealed class PublicAddressTests(PublicAddressFactory factory) : IClassFixture<PublicAddressFactory>
{
    private static HttpRequestMessage Get(string path, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return request;
    }

    [Fact]
    public void A_balancer_on_another_host_is_trusted_beside_loopback_and_no_one_else()
    {
        var options = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>>().Value;
        Assert.Contains(IPAddress.Parse("10.0.0.10"), options.KnownProxies);
        Assert.Contains(IPAddress.IPv6Loopback, options.KnownProxies);
        Assert.DoesNotContain(IPAddress.Parse("10.0.0.11"), options.KnownProxies);
    }

    [Fact]
    public async Task A_request_for_another_host_is_refused()
    {
        var client = factory.CreateClient();
        var forged = await client.SendAsync(Get("/.well-known/openid-configuration", "evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("evil.example", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var own = await client.SendAsync(Get("/health", "learnhub.example.gov.cn"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task The_issuer_is_the_public_address_whatever_the_host()
    {
        // The machine's own name stays served (health probes, an operator on the box), and still names the public address.
        var response = await factory.CreateClient().SendAsync(Get("/.well-known/openid-configuration", "localhost"));
        response.EnsureSuccessStatusCode();
        using var discovery = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // The endpoints follow the (allowed) host the request came to, so a service on the machine reaches them there;
        // the issuer that tokens carry and clients check does not move.
        Assert.Equal(PublicAddressFactory.Address + "/", discovery.RootElement.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task A_calendar_file_links_the_public_address()
    {
        int sessionId;
        using (var scope = factory.Services.CreateScope())
        {
            sessionId = await scope.ServiceProvider.GetRequiredService<CoursesDbContext>().LectureHallSessions.Select(s => s.Id).FirstAsync();
        }

        var response = await factory.CreateClient().SendAsync(Get($"/lecture-hall/sessions/{sessionId}/calendar.ics", "127.0.0.1"));
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains($"{PublicAddressFactory.Address}/lecture-hall/sessions/{sessionId}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://learnhub.example")]
    [InlineData("learnhub.example")]
    [InlineData("https://learnhub.example/?next=evil")]
    [InlineData("https://user@learnhub.example")]
    public void An_address_that_cannot_start_links_is_refused_at_start_up(string value) =>
        Assert.Throws<InvalidOperationException>(() => PublicAddress.Normalize(value));

    [Fact]
    public void A_trailing_slash_and_a_path_base_are_kept_tidy() =>
        Assert.Equal("https://example.org/learnhub", PublicAddress.Normalize(" https://example.org/learnhub/ "));
}

/// <summary>A balancer named by something that is not an address.</summary>
public sealed class MistypedProxyFactory : LearnHubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LearnHub:KnownProxies:0", "nginx.internal");
    }
}

public sealed class MistypedProxyTests
{
    [Fact]
    public async Task A_balancer_named_by_a_host_name_stops_the_start_with_a_message_that_says_what_to_write()
    {
        await using var factory = new MistypedProxyFactory();
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("LearnHub:KnownProxies: \"nginx.internal\" is not an IP address", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
