using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// Keeps one account for every person on the roster: made when the person is imported or created (waiting for
/// activation, no password), following their mobile number and name when those change, disabled when they hold
/// no position any more and enabled again when they do. An account made another way for the same number (a
/// demo account, a lecturer who is also on a roster) is linked rather than doubled.
/// </summary>
public sealed class PersonAccounts(
    AppIdentityDbContext identity,
    CoursesDbContext db,
    ILookupNormalizer normalizer,
    ProgrammeClock calendar,
    AccountStamps stamps,
    OpenIddict.Abstractions.IOpenIddictTokenManager tokens,
    OpenIddict.Abstractions.IOpenIddictAuthorizationManager authorizations,
    TimeProvider clock,
    ILogger<PersonAccounts> logger)
{
    private const int Chunk = 500;

    /// <summary>A disabled account is also locked out, so every sign-in path of Identity and OpenIddict refuses it.</summary>
    public static readonly DateTimeOffset DisabledLockout = new(3000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Makes accounts for the people who have none (written before accounts were made for them, or by a restore of
    /// older data) and follows the accounts whose number or name is not their person's (a demo or staff account linked
    /// to a roster person, a record changed by a bulk load): two lists compared in memory, so a start on a province of
    /// 100,000 people does not wait for every account to be read and followed. The full pass (<see cref="SyncAsync"/>
    /// of everyone, which also disables the accounts of people whose positions have ended) runs in the background.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var linked = new Dictionary<int, (string? Mobile, string Name)>();
        foreach (var account in await identity.Users.Where(u => u.PersonId != null)
            .Select(u => new { PersonId = u.PersonId!.Value, u.PhoneNumber, u.DisplayName }).ToListAsync(cancellationToken))
        {
            linked.TryAdd(account.PersonId, (account.PhoneNumber, account.DisplayName));
        }

        var people = await db.People.Select(p => new { p.Id, p.Mobile, p.Name }).ToListAsync(cancellationToken);
        var behind = people.Where(p => !linked.TryGetValue(p.Id, out var account) || account.Mobile != p.Mobile || account.Name != p.Name)
            .Select(p => p.Id).ToList();
        return await SyncAsync(behind, cancellationToken);
    }

    /// <summary>Brings the accounts of the given people (all people when null) in line with their records; returns how many were created.</summary>
    public async Task<int> SyncAsync(IReadOnlyCollection<int>? personIds, CancellationToken cancellationToken)
    {
        if (personIds is { Count: 0 })
        {
            return 0;
        }

        var today = calendar.Today;
        var traineeRole = await identity.Roles.Where(r => r.Name == Roles.Trainee).Select(r => r.Id).SingleAsync(cancellationToken);
        var contactRole = await identity.Roles.Where(r => r.Name == Roles.Contact).Select(r => r.Id).SingleAsync(cancellationToken);
        // People are read a chunk at a time, just before their accounts: each id is a parameter of the query (SQLite takes
        // at most 32,766), and a record read long before its account is followed could undo an edit made in between.
        var ids = personIds ?? await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        var created = 0;
        foreach (var chunk in ids.Chunk(Chunk))
        {
            // An erased person keeps their row for the statistics but never gets an account again.
            var records = await db.People.AsNoTracking()
                .Where(p => chunk.Contains(p.Id) && !p.Mobile.StartsWith(Courses.Registry.People.Person.ErasedMobilePrefix))
                .Select(p => new PersonRecord(p.Id, p.Name, p.Mobile, p.OrganizationId, p.Positions.Any(x => x.EndedOn == null || x.EndedOn > today)))
                .ToListAsync(cancellationToken);
            if (records.Count > 0)
            {
                created += await SyncChunkAsync([.. records], traineeRole, contactRole, cancellationToken);
            }
        }

        if (created > 0)
        {
            logger.LogInformation("Accounts made for {Count} people on the roster", created);
        }

        return created;
    }

    private async Task<int> SyncChunkAsync(PersonRecord[] chunk, string traineeRole, string contactRole, CancellationToken cancellationToken)
    {
        // What the caller tracks stays tracked; what this chunk loads or adds is let go once saved, so a pass over a
        // province does not keep every account in the change tracker and scan them all again at each chunk.
        var tracked = identity.ChangeTracker.Entries().Select(e => e.Entity).ToHashSet(ReferenceEqualityComparer.Instance);
        var ids = chunk.Select(p => (int?)p.Id).ToList();
        var mobiles = chunk.Select(p => (string?)p.Mobile).ToList();
        var accounts = await identity.Users.Where(u => ids.Contains(u.PersonId) || mobiles.Contains(u.PhoneNumber)).ToListAsync(cancellationToken);
        var byPerson = accounts.Where(a => a.PersonId is not null).GroupBy(a => a.PersonId!.Value).ToDictionary(g => g.Key, g => g.First());
        var byMobile = accounts.Where(a => a.PhoneNumber is not null).ToDictionary(a => a.PhoneNumber!);
        var now = clock.GetUtcNow();
        var created = 0;
        foreach (var person in chunk)
        {
            if (!byPerson.TryGetValue(person.Id, out var account) && byMobile.TryGetValue(person.Mobile, out var holder) && holder.PersonId is null)
            {
                account = holder;
                account.PersonId = person.Id;
            }

            if (account is null)
            {
                account = NewAccount(person);
                identity.Users.Add(account);
                identity.UserRoles.Add(new IdentityUserRole<string> { UserId = account.Id, RoleId = traineeRole });
                Audit(account, AccountAction.Created, now);
                created++;
            }

            Follow(account, person, byMobile, now);
            if (account.ContactOrganizationId is { } contactOf && contactOf != person.OrganizationId)
            {
                await LeaveContactAsync(account, contactRole, now, cancellationToken);
            }
        }

        var restamped = identity.ChangeTracker.Entries<AppUser>().Where(e => e.Property(u => u.SecurityStamp).IsModified).Select(e => e.Entity.Id).ToList();
        var disabled = identity.ChangeTracker.Entries<AppUser>()
            .Where(e => e.State == EntityState.Modified && e.Property(u => u.DisabledAt).IsModified && e.Entity.DisabledAt is not null)
            .Select(e => e.Entity.Id).ToList();
        await identity.SaveChangesAsync(cancellationToken);
        foreach (var entry in identity.ChangeTracker.Entries().Where(e => !tracked.Contains(e.Entity)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        // Cookies of a disabled account, or of a number that no longer signs in, stop at once on this node.
        restamped.ForEach(stamps.Forget);
        // And its apps' tokens stop at once everywhere (they are checked against the store).
        foreach (var id in disabled)
        {
            await tokens.RevokeBySubjectAsync(id, cancellationToken);
            await authorizations.RevokeBySubjectAsync(id, cancellationToken);
        }
        return created;
    }

    private AppUser NewAccount(PersonRecord person)
    {
        var account = new AppUser
        {
            UserName = person.Mobile, PhoneNumber = person.Mobile, PhoneNumberConfirmed = true, DisplayName = person.Name, PersonId = person.Id,
            LockoutEnabled = true, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        account.NormalizedUserName = normalizer.NormalizeName(account.UserName);
        return account;
    }

    /// <summary>The account follows its person's number, name and whether they are still on the roster.</summary>
    private void Follow(AppUser account, PersonRecord person, Dictionary<string, AppUser> byMobile, DateTimeOffset now)
    {
        account.DisplayName = person.Name;
        if (account.PhoneNumber != person.Mobile && (!byMobile.TryGetValue(person.Mobile, out var other) || other == account))
        {
            // The old number signs in no more; a user name that was the number follows it.
            if (account.UserName == account.PhoneNumber)
            {
                account.UserName = person.Mobile;
                account.NormalizedUserName = normalizer.NormalizeName(person.Mobile);
            }

            account.PhoneNumber = person.Mobile;
            account.SecurityStamp = Guid.NewGuid().ToString("N");
        }

        if (!person.OnRoster && account.DisabledAt is null)
        {
            account.DisabledAt = now;
            account.DisabledReason = DisabledReason.LeftRoster;
            account.LockoutEnd = DisabledLockout;
            account.SecurityStamp = Guid.NewGuid().ToString("N");
            Audit(account, AccountAction.Disabled, now, "roster");
        }
        else if (person.OnRoster && account.DisabledReason == DisabledReason.LeftRoster)
        {
            account.DisabledAt = null;
            account.DisabledReason = DisabledReason.None;
            account.LockoutEnd = null;
            Audit(account, AccountAction.Enabled, now, "roster");
        }
    }

    /// <summary>A contact person moved to another organization stops acting for the one they left.</summary>
    private async Task LeaveContactAsync(AppUser account, string contactRole, DateTimeOffset now, CancellationToken cancellationToken)
    {
        account.ContactOrganizationId = null;
        account.SecurityStamp = Guid.NewGuid().ToString("N");
        identity.UserRoles.RemoveRange(await identity.UserRoles.Where(r => r.UserId == account.Id && r.RoleId == contactRole).ToListAsync(cancellationToken));
        Audit(account, AccountAction.ContactRemoved, now, "roster");
    }

    private void Audit(AppUser account, AccountAction action, DateTimeOffset now, string detail = "") =>
        identity.AccountAudits.Add(AccountAudit.Of(account, action, now, null, "roster", detail));

    private sealed record PersonRecord(int Id, string Name, string Mobile, int OrganizationId, bool OnRoster);
}
