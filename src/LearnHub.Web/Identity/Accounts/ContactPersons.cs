using System.Security.Claims;
using LearnHub.Courses.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>An organization's contact person as its page lists them.</summary>
public sealed record ContactPerson(string UserId, int? PersonId, string Name, string Mobile, AccountState State);

public enum ContactOutcome
{
    Named = 1,
    Removed = 2,
    /// <summary>The person is not on this organization's roster.</summary>
    NotInOrganization = 3,
    AlreadyNamed = 4,
    /// <summary>An account acts for one organization at most.</summary>
    ContactElsewhere = 5,
    NotContact = 6,
}

/// <summary>
/// Names and removes an organization's contact persons (联络员). A contact person is the account of one of the
/// organization's own people, given the Contact role and the organization; each change is audited and renews the
/// account's security stamp, so its sign-in picks up the new reach instead of keeping the old claims.
/// </summary>
public sealed class ContactPersons(UserManager<AppUser> users, AppIdentityDbContext identity, CoursesDbContext db, PersonAccounts accounts,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<ContactPerson>> OfAsync(int organizationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var contacts = await identity.Users.AsNoTracking().Where(u => u.ContactOrganizationId == organizationId)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Id).ToListAsync(cancellationToken);
        return contacts.Select(u => new ContactPerson(u.Id, u.PersonId, u.DisplayName, u.PhoneNumber ?? "", u.StateAt(now))).ToList();
    }

    /// <summary>The names of the contact persons of each of the organizations, for a list of them.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> NamesAsync(IReadOnlyCollection<int> organizationIds, CancellationToken cancellationToken)
    {
        var ids = organizationIds.Select(id => (int?)id).ToList();
        var contacts = await identity.Users.AsNoTracking().Where(u => ids.Contains(u.ContactOrganizationId))
            .OrderBy(u => u.DisplayName).Select(u => new { Organization = u.ContactOrganizationId!.Value, u.DisplayName }).ToListAsync(cancellationToken);
        return contacts.GroupBy(c => c.Organization).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.DisplayName).ToList());
    }

    public async Task<ContactOutcome> NameAsync(int organizationId, int personId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        if (!await db.People.AnyAsync(p => p.Id == personId && p.OrganizationId == organizationId, cancellationToken))
        {
            return ContactOutcome.NotInOrganization;
        }

        // Every person has an account; making sure here costs one query and spares a person added a moment ago.
        await accounts.SyncAsync([personId], cancellationToken);
        var account = await users.Users.SingleAsync(u => u.PersonId == personId, cancellationToken);
        if (account.ContactOrganizationId is { } current)
        {
            return current == organizationId ? ContactOutcome.AlreadyNamed : ContactOutcome.ContactElsewhere;
        }

        account.ContactOrganizationId = organizationId;
        var role = await ContactRoleAsync(cancellationToken);
        if (!await identity.UserRoles.AnyAsync(r => r.UserId == account.Id && r.RoleId == role, cancellationToken))
        {
            identity.UserRoles.Add(new IdentityUserRole<string> { UserId = account.Id, RoleId = role });
        }

        await SaveAsync(account, AccountAction.ContactNamed, organizationId, actor, cancellationToken);
        return ContactOutcome.Named;
    }

    public async Task<ContactOutcome> RemoveAsync(int organizationId, string userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var account = await users.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (account?.ContactOrganizationId != organizationId)
        {
            return ContactOutcome.NotContact;
        }

        account.ContactOrganizationId = null;
        var role = await ContactRoleAsync(cancellationToken);
        identity.UserRoles.RemoveRange(await identity.UserRoles.Where(r => r.UserId == account.Id && r.RoleId == role).ToListAsync(cancellationToken));
        await SaveAsync(account, AccountAction.ContactRemoved, organizationId, actor, cancellationToken);
        return ContactOutcome.Removed;
    }

    /// <summary>The role, the organization, the audit line and the new stamp are written in the one save the stamp's update makes.</summary>
    private async Task SaveAsync(AppUser account, AccountAction action, int organizationId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).SingleAsync(cancellationToken);
        identity.AccountAudits.Add(AccountAudit.Of(account, action, clock.GetUtcNow(), users.GetUserId(actor), actor.FindFirst("name")?.Value ?? "", organization));
        var result = await users.UpdateSecurityStampAsync(account);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Contact person {account.Id}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    private Task<string> ContactRoleAsync(CancellationToken cancellationToken) =>
        identity.Roles.Where(r => r.Name == Roles.Contact).Select(r => r.Id).SingleAsync(cancellationToken);
}
