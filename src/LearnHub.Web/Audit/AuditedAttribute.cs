using Microsoft.AspNetCore.Mvc.Filters;

namespace LearnHub.Web.Audit;

/// <summary>
/// Records an action in the audit log when it succeeds (its response is not an error): exports, views of another
/// person's ledger, imports, rule changes. The target is the request's path and query, which name what was read
/// or changed; <paramref name="action"/> says what kind of act it was.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AuditedAttribute(AuditAction action) : Attribute, IAsyncResultFilter
{
    public AuditAction Action { get; } = action;

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        var status = context.HttpContext.Response.StatusCode;
        // A form sent back with its errors changed nothing.
        if (executed.Exception is null && status < 400 && context.ModelState.IsValid)
        {
            var request = context.HttpContext.Request;
            var detail = request.HasFormContentType && request.Form.Files.Count > 0
                ? string.Join(", ", request.Form.Files.Select(f => $"{f.FileName} ({f.Length} B)"))
                : "";
            var trail = context.HttpContext.RequestServices.GetRequiredService<AuditTrail>();
            await trail.RecordAsync(Action, request.Method + " " + request.Path + request.QueryString, detail, CancellationToken.None);
        }
    }
}
