using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Features.Registry.Accounts;
using LearnHub.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Registry.People;

/// <summary>A mobile number as a list shows it: masked, with where to ask for the whole of it.</summary>
public sealed record MaskedMobile(string? Mobile, string RevealUrl, string Name)
{
    public static MaskedMobile OfPerson(int personId, string? mobile, string name) => new(mobile, $"/admin/people/{personId}/mobile", name);

    public static MaskedMobile OfAccount(string accountId, string? mobile, string name) => new(mobile, $"/admin/accounts/{accountId}/mobile", name);
}

/// <summary>
/// Lists of people show mobile numbers masked (个人信息保护法: no more than the purpose needs); someone who may see the
/// person and needs the number to call them asks for it here, one person at a time, and each view is in the audit log.
/// </summary>
[Area("Admin")]
[Authorize(Roles = Roles.PeopleStaff)]
public sealed class MobileRevealController(CoursesDbContext db, CurrentScope scope, AccountQueries accounts, AuditTrail trail) : Controller
{
    [HttpPost("/admin/people/{id:int}/mobile")]
    public async Task<IActionResult> Person(int id, CancellationToken cancellationToken)
    {
        var mobile = await db.People.AsNoTracking().VisibleTo(scope).Where(p => p.Id == id).Select(p => p.Mobile).SingleOrDefaultAsync(cancellationToken);
        return string.IsNullOrEmpty(mobile) ? NotFound() : await RevealAsync($"person:{id}", mobile, cancellationToken);
    }

    [HttpPost("/admin/accounts/{id}/mobile")]
    public async Task<IActionResult> Account(string id, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(id, cancellationToken);
        return account?.PhoneNumber is not { Length: > 0 } mobile ? NotFound() : await RevealAsync($"account:{id}", mobile, cancellationToken);
    }

    private async Task<IActionResult> RevealAsync(string target, string mobile, CancellationToken cancellationToken)
    {
        await trail.RecordAsync(AuditAction.MobileViewed, target, "", cancellationToken);
        Response.Headers.CacheControl = "no-store";
        return Json(new { mobile });
    }
}
