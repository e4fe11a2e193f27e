using LearnHub.Courses.Data;
using LearnHub.Courses.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Notifications;

public sealed record NotificationView(long Id, string Title, string Body, string Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>Every signed-in user's own notifications; nobody sees another's.</summary>
public sealed class NotificationsController(CoursesDbContext db, Notifier notifier, TimeProvider clock) : Controller
{
    private const int PageSize = 50;

    [HttpGet("/notifications")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var userId = UserId();
        var items = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.Id).Take(PageSize).ToListAsync(cancellationToken);
        ViewData["Section"] = "notifications";
        return View(items.Select(n =>
        {
            var (title, body) = notifier.Render(n);
            return new NotificationView(n.Id, title, body, n.Link, n.CreatedAt, n.ReadAt is not null);
        }).ToList());
    }

    [HttpPost("/notifications/{id:long}/read")]
    public async Task<IActionResult> Read(long id, CancellationToken cancellationToken)
    {
        var userId = UserId();
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return NotFound();
        }

        notification.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Redirect(notification.Link.StartsWith('/') && !notification.Link.StartsWith("//", StringComparison.Ordinal) ? notification.Link : "/notifications");
    }

    [HttpPost("/notifications/read-all")]
    public async Task<IActionResult> ReadAll(CancellationToken cancellationToken)
    {
        var userId = UserId();
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return Redirect("/notifications");
    }

    private string UserId() => User.FindFirst(IdentityOptionsClaims.UserId)?.Value ?? "";
}

/// <summary>Reads the claims Identity puts in the sign-in cookie.</summary>
internal static class IdentityOptionsClaims
{
    public const string UserId = System.Security.Claims.ClaimTypes.NameIdentifier;
}

/// <summary>The bell in the page header: the number of unread notifications.</summary>
public sealed class NotificationBellViewComponent(CoursesDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.FindFirst(IdentityOptionsClaims.UserId)?.Value ?? "";
        var unread = await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null);
        return View(unread);
    }
}
