using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Web.Tests.LectureHall;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Hosting;

/// <summary>
/// LearnHub's instruments are listened to by name across the whole test process, so another class's heartbeats would
/// count here too: this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsRunAlone
{
    public const string Name = "Metrics";
}

/// <summary>The hall's app with the operators' Prometheus endpoint on a management port.</summary>
public sealed class MetricsFactory : HallFactory
{
    public const int ManagementPort = 19464;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Observability:PrometheusPort", ManagementPort.ToString(CultureInfo.InvariantCulture));
    }
}

[Collection(MetricsRunAlone.Name)]
public sealed class MetricsEndpointTests(MetricsFactory factory) : IClassFixture<MetricsFactory>
{
    /// <summary>A request that arrived on the management port, as Prometheus' scrapes do.</summary>
    private Task<HttpContext> ManagementAsync(string path) => factory.Server.SendAsync(c =>
    {
        c.Request.Method = HttpMethods.Get;
        c.Request.Path = path;
        c.Connection.LocalPort = MetricsFactory.ManagementPort;
    });

    private async Task<string> ScrapeAsync()
    {
        var context = await ManagementAsync("/metrics");
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return await new StreamReader(context.Response.Body).ReadToEndAsync();
    }

    /// <summary>The value of one series (0 when it was never recorded); the labels named must all be on it.</summary>
    private static double Value(string scrape, string metric, string labels = "")
    {
        var pattern = $@"^{Regex.Escape(metric)}(?:\{{(?<labels>[^}}]*)\}})? (?<value>\S+)";
        foreach (Match match in Regex.Matches(scrape, pattern, RegexOptions.Multiline))
        {
            if (labels.Split(',', StringSplitOptions.RemoveEmptyEntries).All(l => match.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    [Fact]
    public async Task A_heartbeat_that_credits_two_seconds_shows_as_one_counted_heartbeat_and_two_credited_seconds()
    {
        var watching = new WatchingDriver(factory);
        var (_, lessons) = await watching.CourseAsync();
        var trainee = await factory.SignInAsync(WatchingDriver.Trainee);
        var playback = await watching.StartAsync(trainee, lessons[0]);
        var before = await ScrapeAsync();

        var beat = await watching.BeatAsync(trainee, playback.PlaybackId, 2, [0, 2]);

        Assert.Equal(2, beat.CreditedSeconds, 3);
        var after = await ScrapeAsync();
        Assert.Equal(1, Value(after, "learnhub_playback_heartbeats_total", "outcome=\"counted\"")
            - Value(before, "learnhub_playback_heartbeats_total", "outcome=\"counted\""));
        Assert.Equal(1, Value(after, "learnhub_playback_heartbeats_credited_total") - Value(before, "learnhub_playback_heartbeats_credited_total"));
        Assert.Equal(2, Value(after, "learnhub_playback_credited_seconds_total") - Value(before, "learnhub_playback_credited_seconds_total"), 3);
    }

    [Fact]
    public async Task A_wrong_code_and_then_the_right_one_count_as_one_refused_and_one_accepted_check_in()
    {
        var sessionId = await factory.SessionAsync(capacity: 10);
        var (trainee, _, _) = await factory.TraineeAsync(44);
        var page = $"/lecture-hall/sessions/{sessionId}";
        await PostAsync(trainee, page, page + "/register");
        var code = factory.Services.GetRequiredService<CheckInCodes>().Current(sessionId).Digits;
        var wrong = ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var before = await ScrapeAsync();

        await PostAsync(trainee, page, page + "/checkin", new() { ["code"] = wrong });
        await PostAsync(trainee, page, page + "/checkin", new() { ["code"] = code });

        var after = await ScrapeAsync();
        double Delta(string outcome) => Value(after, "learnhub_checkin_attempts_total", $"outcome=\"{outcome}\"")
            - Value(before, "learnhub_checkin_attempts_total", $"outcome=\"{outcome}\"");
        Assert.Equal(1, Delta("code_invalid"));
        Assert.Equal(1, Delta("checked_in"));
        Assert.Equal(0, Delta("already_checked_in"));
    }

    [Fact]
    public async Task The_scrape_carries_the_framework_and_queue_instruments_too()
    {
        var scrape = await ScrapeAsync();

        Assert.Contains("http_server_request_duration_seconds", scrape, StringComparison.Ordinal);
        Assert.Matches(new Regex("^learnhub_transcode_queue_length", RegexOptions.Multiline), scrape);
        Assert.Matches(new Regex("^learnhub_outbox_messages\\{[^}]*channel=\"mail\"", RegexOptions.Multiline), scrape);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("localhost:19464")]
    public async Task The_public_port_answers_404_for_the_metrics_whatever_the_host_header_says(string? host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("learnhub_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/account/sign-in")]
    public async Task The_management_port_serves_nothing_but_the_metrics(string path)
    {
        var context = await ManagementAsync(path);

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
    }

    private static async Task PostAsync(HttpClient client, string page, string action, Dictionary<string, string>? fields = null) =>
        await client.PostAsync(action, await LearnHubFactory.FormWithTokenAsync(client, page, fields ?? []));
}
