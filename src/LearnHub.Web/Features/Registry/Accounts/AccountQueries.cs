using LearnHub.Courses.Data;
using LearnHub.Courses.Registry.People;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Registry.Accounts;

public sealed record AccountFilter(string? Search, AccountState? State, int? OrganizationId, string? Role)
{
    /// <summary>The filter as a query string, for the pager and the links back to the list.</summary>
    public string Query() => string.Join("&", new[]
    {
        Search is null ? null : "q=" + Uri.EscapeDataString(Search),
        State is null ? null : "state=" + State,
        OrganizationId is null ? null : "organization=" + OrganizationId,
        Role is null ? null : "role=" + Role,
    }.Where(p => p is not null));
}

public sealed record AccountRow(string Id, string Name, int? PersonId, int? OrganizationId, string? Organization, string? Mobile, string? Email,
    IReadOnlyList<string> Roles, AccountState State, DateTimeOffset? ActivatedAt, DateTimeOffset? LastSignInAt);

/// <summary>
/// Which accounts (账号) a user may see and act on. Person accounts are scoped through their person
/// (<see cref="ScopeFilters"/>): people live in the courses database and accounts in the identity one, so the people in
/// scope are found first and the accounts by their person. Only administrators see accounts of no person.
/// </summary>
public sealed class AccountQueries(AppIdentityDbContext identity, CoursesDbContext db, CurrentScope scope, TimeProvider clock)
{
    /// <summary>The accounts matching the filter within the user's scope, untracked.</summary>
    public async Task<IQueryable<AppUser>> MatchingAsync(AccountFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var accounts = identity.Users.AsNoTracking();
        if (!scope.SeesAllAccounts || filter.OrganizationId is not null)
        {
            var people = scope.SeesAllAccounts ? db.People.AsNoTracking() : db.People.AsNoTracking().VisibleTo(scope);
            if (filter.OrganizationId is { } organization)
            {
                people = people.Where(p => p.OrganizationId == organization);
            }

            var ids = await people.Select(p => (int?)p.Id).ToListAsync(cancellationToken);
            accounts = accounts.Where(u => ids.Contains(u.PersonId));
        }

        if (filter.Search is { } s)
        {
            var mobile = MobileNumber.Normalize(s);
            accounts = accounts.Where(u => u.DisplayName.Contains(s) || (u.Email != null && u.Email.Contains(s))
                || (u.PhoneNumber != null && u.PhoneNumber.Contains(mobile)));
        }

        if (filter.Role is { } role)
        {
            accounts = accounts.Where(u => identity.UserRoles.Any(r => r.UserId == u.Id && identity.Roles.Any(x => x.Id == r.RoleId && x.Name == role)));
        }

        return filter.State is { } state ? await InStateAsync(accounts, state, cancellationToken) : accounts;
    }

    private async Task<IQueryable<AppUser>> InStateAsync(IQueryable<AppUser> accounts, AccountState state, CancellationToken cancellationToken)
    {
        switch (state)
        {
            case AccountState.Disabled:
                return accounts.Where(u => u.DisabledAt != null);
            case AccountState.NotActivated:
                return accounts.Where(u => u.DisabledAt == null && u.PasswordHash == null);
        }

        // SQLite cannot compare the lock-out's DateTimeOffset in SQL; the accounts with one set are few.
        var now = clock.GetUtcNow();
        var lockouts = await accounts.Where(u => u.DisabledAt == null && u.PasswordHash != null && u.LockoutEnd != null)
            .Select(u => new { u.Id, u.LockoutEnd }).ToListAsync(cancellationToken);
        var locked = lockouts.Where(u => u.LockoutEnd > now).Select(u => u.Id).ToList();
        return state == AccountState.Locked
            ? accounts.Where(u => locked.Contains(u.Id))
            : accounts.Where(u => u.DisabledAt == null && u.PasswordHash != null && !locked.Contains(u.Id));
    }

    public async Task<Paged<AccountRow>> PageAsync(AccountFilter filter, int page, CancellationToken cancellationToken)
    {
        var accounts = await MatchingAsync(filter, cancellationToken);
        var total = await accounts.CountAsync(cancellationToken);
        var users = await accounts.OrderBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Skip((page - 1) * Paging.Size).Take(Paging.Size).ToListAsync(cancellationToken);
        return new Paged<AccountRow>(await RowsAsync(users, cancellationToken), page, total);
    }

    /// <summary>The accounts as rows of the list: their roles and their person's organization added.</summary>
    public async Task<IReadOnlyList<AccountRow>> RowsAsync(IReadOnlyCollection<AppUser> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var roles = await RolesOfAsync(users.Select(u => u.Id).ToList(), cancellationToken);
        var personIds = users.Where(u => u.PersonId is not null).Select(u => u.PersonId!.Value).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.OrganizationId, Organization = p.Organization!.Name }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var now = clock.GetUtcNow();
        return users.Select(u =>
        {
            var person = u.PersonId is { } id ? people.GetValueOrDefault(id) : null;
            return new AccountRow(u.Id, u.DisplayName, u.PersonId, person?.OrganizationId, person?.Organization, u.PhoneNumber, u.Email,
                roles.GetValueOrDefault(u.Id) ?? [], u.StateAt(now), u.ActivatedAt, u.LastSignInAt);
        }).ToList();
    }

    public async Task<Dictionary<string, List<string>>> RolesOfAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var pairs = await identity.UserRoles.Where(r => userIds.Contains(r.UserId))
            .Join(identity.Roles, r => r.RoleId, x => x.Id, (r, x) => new { r.UserId, x.Name })
            .ToListAsync(cancellationToken);
        return pairs.GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.Select(p => p.Name!).OrderBy(n => Array.IndexOf(Roles.All, n)).ToList());
    }

    /// <summary>One account, tracked for a change, when the user may see it; null otherwise (another unit's account looks missing).</summary>
    public async Task<AppUser?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var user = await identity.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is not null && await IsVisibleAsync(user, cancellationToken) ? user : null;
    }

    public async Task<bool> IsVisibleAsync(AppUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return scope.SeesAllAccounts
            || (user.PersonId is { } personId && await db.People.VisibleTo(scope).AnyAsync(p => p.Id == personId, cancellationToken));
    }

    /// <summary>The account of a person the user may see.</summary>
    public async Task<AppUser?> AccountOfPersonAsync(int personId, CancellationToken cancellationToken) =>
        await db.People.VisibleTo(scope).AnyAsync(p => p.Id == personId, cancellationToken)
            ? await identity.Users.Where(u => u.PersonId == personId).OrderBy(u => u.Id).FirstOrDefaultAsync(cancellationToken)
            : null;

    // Newest first by id: SQLite cannot order by a DateTimeOffset, and ids follow the order the lines were written in.
    public async Task<IReadOnlyList<AccountAudit>> TrailAsync(string userId, CancellationToken cancellationToken) =>
        await identity.AccountAudits.AsNoTracking().Where(a => a.TargetId == userId)
            .OrderByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
}
