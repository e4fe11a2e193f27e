using Microsoft.AspNetCore.SignalR;

namespace LearnHub.Web.Hosting;

/// <summary>
/// WebSockets (and SignalR's negotiate) are not covered by CORS: a page on another site can open one
/// with the visitor's cookie, and only SameSite stands in its way. So a browser's Origin must be
/// LearnHub's own. A request without an Origin does not come from a browser page (a native client with
/// a bearer token), and carries no ambient cookie of anyone else's.
/// </summary>
public static class SameOrigin
{
    /// <summary>True when the request names an Origin and it is not this site's.</summary>
    public static bool IsForeign(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var originUri)
            || !string.Equals(originUri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the request comes from one of LearnHub's own pages (an Origin is required).</summary>
    public static bool IsOwnPage(HttpContext context) =>
        context.Request.Headers.Origin.Count > 0 && !IsForeign(context);

    /// <summary>Refuses every SignalR hub's negotiate and connection from another site's page (403).</summary>
    public static IApplicationBuilder UseSameOriginHubs(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<HubMetadata>() is not null && IsForeign(context))
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SameOrigin))
                    .LogWarning("Refused a hub connection to {Path} from origin {Origin}.", context.Request.Path, context.Request.Headers.Origin.ToString());
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await next(context);
        });
}
