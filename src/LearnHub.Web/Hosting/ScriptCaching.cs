using Microsoft.AspNetCore.StaticFiles;

namespace LearnHub.Web.Hosting;

/// <summary>How long a browser may keep a script without asking again.</summary>
internal static class ScriptCaching
{
    /// <summary>
    /// Pages load their scripts with asp-append-version, so a changed script is a new URL. The ES modules those
    /// scripts import are requested by their plain URL, which a browser would otherwise keep for a while on a
    /// guess from Last-Modified, and a page could then run new code against an old module after an update. A
    /// script asked for without the version is revalidated on every load instead (a 304 while it is unchanged).
    /// </summary>
    public static void Prepare(StaticFileResponseContext context)
    {
        var request = context.Context.Request;
        var name = context.File.Name;
        if (!request.Query.ContainsKey("v")
            && (name.EndsWith(".js", StringComparison.Ordinal) || name.EndsWith(".mjs", StringComparison.Ordinal)))
        {
            context.Context.Response.Headers.CacheControl = "no-cache";
        }
    }
}
