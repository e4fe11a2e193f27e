using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LearnHub.Web.Hosting;

/// <summary>
/// Writes /health as JSON. Anyone may ask whether each check is healthy; only an administrator sees why
/// one failed, because the descriptions quote server paths and exception text.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var explain = context.User.IsInRole(Identity.Roles.Admin);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = explain ? e.Value.Description : null,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}
