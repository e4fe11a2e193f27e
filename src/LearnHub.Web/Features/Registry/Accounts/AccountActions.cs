using LearnHub.Web.Identity;
using LearnHub.Web.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Registry.Accounts;

/// <summary>What can be done to many accounts at once.</summary>
public enum AccountCommand
{
    Unlock = 1,
    Disable = 2,
    Enable = 3,
}

/// <summary>Who acts, as the audit trail names them.</summary>
public sealed record AccountActor(string Id, string Name, bool IsAdmin);

public sealed record ActionOutcome(int Done, int Skipped);

public enum RoleChange
{
    Changed = 1,
    Unchanged = 2,
    OwnAccount = 3,
    LastAdministrator = 4,
    /// <summary>Two of the system, security and audit administrators' roles on one account (三员分立).</summary>
    SeparatedRoles = 5,
}

/// <summary>
/// Changes to accounts made by administrators, supervisors and contact persons, each written to the audit trail
/// (<see cref="AccountAudit"/>). Nobody acts on their own account here, only administrators act on the accounts of staff
/// (administrators, supervisors, lecturers), and the last administrator who can sign in is never disabled or demoted.
/// </summary>
public sealed class AccountActions(
    AppIdentityDbContext identity,
    AccountQueries queries,
    UserManager<AppUser> users,
    AccountCodes codes,
    AccountSessions sessions,
    TimeProvider clock)
{
    /// <summary>The roles the account pages give and take; a contact person is named on their organization instead.</summary>
    public static readonly string[] EditableRoles = [Roles.Admin, Roles.Supervisor, Roles.Lecturer, Roles.Trainee, Roles.Security, Roles.Auditor];

    private static readonly string[] PersonRoles = [Roles.Trainee, Roles.Contact];

    /// <summary>Applies the command to each account it fits (unlock a locked one, disable an enabled one...); the rest are skipped.</summary>
    public async Task<ActionOutcome> ApplyAsync(IReadOnlyList<AppUser> accounts, AccountCommand command, AccountActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var roles = await queries.RolesOfAsync(accounts.Select(a => a.Id).ToList(), cancellationToken);
        var admins = command == AccountCommand.Disable ? await EnabledAdministratorsAsync(cancellationToken) : [];
        var changed = new List<AppUser>();
        foreach (var account in accounts)
        {
            if (MayActOn(account, roles.GetValueOrDefault(account.Id) ?? [], actor) && Apply(account, command, now, admins))
            {
                account.ConcurrencyStamp = Guid.NewGuid().ToString();
                Audit(account, command switch
                {
                    AccountCommand.Unlock => AccountAction.Unlocked,
                    AccountCommand.Disable => AccountAction.Disabled,
                    _ => AccountAction.Enabled,
                }, actor, now);
                changed.Add(account);
            }
        }

        await using var transaction = await identity.Database.BeginTransactionAsync(cancellationToken);
        await identity.SaveChangesAsync(cancellationToken);
        if (command == AccountCommand.Disable)
        {
            // Signed out everywhere (cookies and apps' tokens), and a sheet handed out before must not bring it back.
            foreach (var account in changed)
            {
                await sessions.EndAllAsync(account, cancellationToken);
                await codes.EndOpenCodesAsync(account.Id, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ActionOutcome(changed.Count, accounts.Count - changed.Count);
    }

    private static bool Apply(AppUser account, AccountCommand command, DateTimeOffset now, HashSet<string> admins)
    {
        switch (command)
        {
            case AccountCommand.Unlock when account.DisabledAt is null && (account.LockoutEnd is not null || account.AccessFailedCount > 0):
                account.LockoutEnd = null;
                account.AccessFailedCount = 0;
                return true;
            case AccountCommand.Disable when account.DisabledAt is null:
                if (admins.Contains(account.Id))
                {
                    // The last administrator who can sign in stays, or nobody could enable the others again.
                    if (admins.Count == 1)
                    {
                        return false;
                    }

                    admins.Remove(account.Id);
                }

                account.DisabledAt = now;
                account.DisabledReason = DisabledReason.ByAdministrator;
                account.LockoutEnd = PersonAccounts.DisabledLockout;
                return true;
            case AccountCommand.Enable when account.DisabledReason == DisabledReason.ByAdministrator:
                // An account disabled because its person left the roster comes back with the person's position, not here.
                account.DisabledAt = null;
                account.DisabledReason = DisabledReason.None;
                account.LockoutEnd = null;
                account.AccessFailedCount = 0;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Issues activation codes for the accounts still waiting for activation (the others are left out) and records them;
    /// returns each account's code, to be shown or printed once.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> IssueActivationCodesAsync(IReadOnlyList<AppUser> accounts, AccountActor actor, string detail,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var roles = await queries.RolesOfAsync(accounts.Select(a => a.Id).ToList(), cancellationToken);
        var waiting = accounts.Where(a => a.StateAt(now) == AccountState.NotActivated && a.PhoneNumber is not null
            && MayActOn(a, roles.GetValueOrDefault(a.Id) ?? [], actor)).ToList();
        if (waiting.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        await using var transaction = await identity.Database.BeginTransactionAsync(cancellationToken);
        var issued = await codes.IssueManyAsync(waiting.Select(a => a.Id).ToList(), actor.Id, cancellationToken);
        foreach (var account in waiting)
        {
            Audit(account, AccountAction.CodeIssued, actor, now, detail);
        }

        await identity.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return issued;
    }

    /// <summary>Gives the account exactly the wanted roles among <see cref="EditableRoles"/>; the security administrator's decision.</summary>
    public async Task<RoleChange> ChangeRolesAsync(AppUser account, IReadOnlyCollection<string> wanted, AccountActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(actor);
        if (account.Id == actor.Id)
        {
            return RoleChange.OwnAccount;
        }

        var before = await users.GetRolesAsync(account);
        if (Roles.Separated.Count(r => wanted.Contains(r)) > 1)
        {
            return RoleChange.SeparatedRoles;
        }

        var add = EditableRoles.Where(r => wanted.Contains(r) && !before.Contains(r)).ToList();
        var remove = EditableRoles.Where(r => !wanted.Contains(r) && before.Contains(r)).ToList();
        if (add.Count == 0 && remove.Count == 0)
        {
            return RoleChange.Unchanged;
        }

        if (remove.Contains(Roles.Admin) && account.DisabledAt is null
            && (await EnabledAdministratorsAsync(cancellationToken)).Count <= 1)
        {
            return RoleChange.LastAdministrator;
        }

        await using var transaction = await identity.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.RemoveFromRolesAsync(account, remove));
        Check(await users.AddToRolesAsync(account, add));
        // Sessions holding the old roles end; the next sign-in carries the new ones.
        await sessions.EndAllAsync(account, cancellationToken);
        var after = before.Except(remove).Concat(add).OrderBy(r => Array.IndexOf(Roles.All, r));
        Audit(account, AccountAction.RolesChanged, actor, clock.GetUtcNow(), $"{string.Join(",", before)} → {string.Join(",", after)}");
        await identity.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RoleChange.Changed;
    }

    /// <summary>Whether the actor may change this account at all (see the class summary).</summary>
    public static bool MayActOn(AppUser account, IReadOnlyCollection<string> roles, AccountActor actor)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(actor);
        return account.Id != actor.Id && (actor.IsAdmin || roles.All(PersonRoles.Contains));
    }

    private async Task<HashSet<string>> EnabledAdministratorsAsync(CancellationToken cancellationToken)
    {
        var ids = await identity.UserRoles.Where(r => identity.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Admin))
            .Join(identity.Users, r => r.UserId, u => u.Id, (r, u) => u)
            .Where(u => u.DisabledAt == null).Select(u => u.Id).ToListAsync(cancellationToken);
        return [.. ids];
    }

    private void Audit(AppUser account, AccountAction action, AccountActor actor, DateTimeOffset now, string detail = "") =>
        identity.AccountAudits.Add(AccountAudit.Of(account, action, now, actor.Id, actor.Name, detail));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
