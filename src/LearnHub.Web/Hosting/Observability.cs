using System.Diagnostics.Metrics;
using LearnHub.Media.Transcoding;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LearnHub.Web.Hosting;

/// <summary>Observability: the operators' Prometheus endpoint and OTLP export. Both off unless configured.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>
    /// The management port serving /metrics to Prometheus; 0 (the default) serves no metrics. Kestrel listens on it
    /// besides the public addresses, and /metrics answers only requests that arrived on it: the public port says 404.
    /// </summary>
    public int PrometheusPort { get; set; }

    /// <summary>Where the management port listens: loopback unless the scraper is on another machine.</summary>
    public string PrometheusAddress { get; set; } = "127.0.0.1";

    public OtlpSettings Otlp { get; set; } = new();
}

/// <summary>Observability:Otlp, where traces and metrics are pushed.</summary>
public sealed class OtlpSettings
{
    /// <summary>The collector's address; when empty, OTEL_EXPORTER_OTLP_ENDPOINT; when both are empty nothing is exported.</summary>
    public string? Endpoint { get; set; }

    public OtlpExportProtocol Protocol { get; set; } = OtlpExportProtocol.Grpc;
}

/// <summary>LearnHub's own meter: the host's instruments (heartbeats, check-ins, live rooms, outboxes) are created from it.</summary>
public sealed class LearnHubMeter(IMeterFactory meters)
{
    public const string Name = "LearnHub";

    public Meter Meter { get; } = meters.Create(Name);
}

internal static class Observability
{
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LearnHubMeter>();
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section)
            .Validate(o => o.PrometheusPort is >= 0 and <= 65535, "Observability:PrometheusPort must be 0 (off) or a port number (1-65535).")
            .Validate(o => o.PrometheusPort == 0 || System.Net.IPAddress.TryParse(o.PrometheusAddress, out _) || o.PrometheusAddress is "localhost" or "*",
                "Observability:PrometheusAddress must be an IP address, localhost or *.")
            .Validate(o => string.IsNullOrEmpty(o.Otlp.Endpoint) || Uri.TryCreate(o.Otlp.Endpoint, UriKind.Absolute, out _),
                "Observability:Otlp:Endpoint must be an absolute URL.")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new();
        var otlp = options.Otlp.Endpoint is { Length: > 0 } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null;
        var otlpFromEnvironment = otlp is null && !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = options.PrometheusPort is > 0 and <= 65535;
        if (!prometheus && otlp is null && !otlpFromEnvironment)
        {
            // Nothing would read them: no provider listens, and every instrument's Add costs a check of an empty list.
            return builder;
        }

        var node = builder.Configuration["LiveRoom:Node"] is { Length: > 0 } name ? name : Environment.MachineName;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("learnhub", serviceInstanceId: node))
            .WithMetrics(metrics => metrics
                .AddMeter(LearnHubMeter.Name, MediaMetrics.MeterName, "Microsoft.EntityFrameworkCore")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation(static _ => { }));
        if (prometheus)
        {
            // One scraper on a private port: every scrape reads the instruments afresh rather than a response cached for 300 ms.
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
            ListenOnManagementPort(builder, options);
        }

        if (otlp is not null || otlpFromEnvironment)
        {
            // Traces only where they go somewhere: a collector. The scrape endpoint carries metrics alone.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(ScrapePath, StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql());
            // The exporter reads OTEL_EXPORTER_OTLP_* itself when no endpoint is configured here.
            if (otlp is null)
            {
                telemetry.UseOtlpExporter();
            }
            else
            {
                telemetry.UseOtlpExporter(options.Otlp.Protocol, otlp);
            }
        }

        return builder;
    }

    /// <summary>The public addresses stay as configured; the management address is added beside them.</summary>
    private static void ListenOnManagementPort(WebApplicationBuilder builder, ObservabilityOptions options)
    {
        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        var host = options.PrometheusAddress.Contains(':', StringComparison.Ordinal) ? $"[{options.PrometheusAddress}]" : options.PrometheusAddress;
        builder.WebHost.UseUrls([.. (string.IsNullOrEmpty(urls) ? "http://localhost:5000" : urls).Split(';', StringSplitOptions.RemoveEmptyEntries),
            $"http://{host}:{options.PrometheusPort}"]);
    }

    /// <summary>
    /// Serves /metrics on the management port only, and only it there, ahead of everything else: a request that arrived
    /// on another port goes on down the pipeline and ends in its 404. The port, not the Host header, decides: a Host header is the client's to forge.
    /// </summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value;
        if (options.PrometheusPort > 0)
        {
            var port = options.PrometheusPort;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == port
                && context.Request.Path.Equals(ScrapePath, StringComparison.Ordinal));
            // The management port is for the scraper alone: the site itself is not served there, past nginx and its TLS.
            app.Use((context, next) =>
            {
                if (context.Connection.LocalPort != port)
                {
                    return next(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        }

        return app;
    }
}
