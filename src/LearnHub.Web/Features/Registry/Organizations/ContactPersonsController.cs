using LearnHub.Courses.Data;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Registry.Organizations;

/// <summary>Administrators name and remove an organization's contact persons (联络员) from the organization's page.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/organizations/{id:int}/contacts")]
public sealed class ContactPersonsController(CoursesDbContext db, ContactPersons contacts, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Name(int id, int? personId, CancellationToken cancellationToken)
    {
        if (!await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var outcome = personId is { } person ? await contacts.NameAsync(id, person, User, cancellationToken) : ContactOutcome.NotInOrganization;
        return Back(id, outcome);
    }

    [HttpPost("remove")]
    public async Task<IActionResult> Remove(int id, string? userId, CancellationToken cancellationToken) =>
        Back(id, await contacts.RemoveAsync(id, userId ?? "", User, cancellationToken));

    private RedirectResult Back(int id, ContactOutcome outcome)
    {
        this.Flash(outcome is ContactOutcome.Named or ContactOutcome.Removed ? FlashKind.Notice : FlashKind.Error, t[$"ContactOutcome.{outcome}"].Value);
        return Redirect($"/admin/organizations/{id}#contacts");
    }
}

public sealed record ContactPersonsSection(int OrganizationId, IReadOnlyList<ContactPerson> Contacts, IReadOnlyList<PersonChoice> Candidates, bool CanManage);

public sealed record PersonChoice(int Id, string Name, string Mobile);

/// <summary>
/// The organization page's block of contact persons: administrators manage it, supervisors and the contact persons
/// themselves read it. The page only shows organizations the user may see, so the block asks nothing more of the scope.
/// </summary>
public sealed class ContactPersonsViewComponent(CoursesDbContext db, ContactPersons contacts, CurrentScope scope) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int organizationId)
    {
        var named = await contacts.OfAsync(organizationId, HttpContext.RequestAborted);
        var candidates = !scope.IsAdmin ? [] : await db.People.AsNoTracking().Where(p => p.OrganizationId == organizationId)
            .OrderBy(p => p.Name).Select(p => new PersonChoice(p.Id, p.Name, p.Mobile)).ToListAsync(HttpContext.RequestAborted);
        var namedPeople = named.Select(c => c.PersonId).ToHashSet();
        return View("~/Features/Registry/Organizations/_ContactPersons.cshtml",
            new ContactPersonsSection(organizationId, named, candidates.Where(c => !namedPeople.Contains(c.Id)).ToList(), scope.IsAdmin));
    }
}
