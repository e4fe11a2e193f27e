using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// The current security stamp of each signed-in account, so a password reset, a disabled account or an ended
/// session stops its cookies on the next request rather than at Identity's next periodic check (30 minutes).
/// A stamp is read from the database at most once per <see cref="Freshness"/> for an account — the player's
/// reports, thousands a second, cost a dictionary look-up — and forgotten at once when this node changes it
/// (<see cref="AppUserManager"/>); another node's change is seen within <see cref="Freshness"/>.
/// </summary>
public sealed class AccountStamps(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The account's stamp, or null when the account is gone or disabled.</summary>
    public async ValueTask<string?> CurrentAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(userId, out var entry) && entry.Until > now)
        {
            return entry.Stamp;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var row = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.SecurityStamp, u.DisabledAt })
            .SingleOrDefaultAsync(cancellationToken);
        var stamp = row is null || row.DisabledAt is not null ? null : row.SecurityStamp;
        _entries[userId] = new Entry(stamp, now + Freshness);
        if (_entries.Count > 100_000)
        {
            // A bound on memory: the expired entries go; the live ones are read again when next needed.
            foreach (var (key, value) in _entries)
            {
                if (value.Until <= now)
                {
                    _entries.TryRemove(key, out _);
                }
            }
        }

        return stamp;
    }

    public void Forget(string userId) => _entries.TryRemove(userId, out _);

    private sealed record Entry(string? Stamp, DateTimeOffset Until);
}

/// <summary>Identity's user manager, telling <see cref="AccountStamps"/> whenever it writes an account.</summary>
public sealed class AppUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    AccountStamps stamps,
    IServiceScopeFactory scopes,
    Audit.AuditTrail trail)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await base.UpdateUserAsync(user);
        stamps.Forget(user.Id);
        return result;
    }

    /// <summary>
    /// Every wrong password or code is an audit line, and so is the lock it may set off. The wrong try that locks the
    /// account also revokes its apps' tokens: whoever is guessing may already hold one, and a locked account should
    /// have nothing working until an administrator or the clock frees it.
    /// </summary>
    public override async Task<IdentityResult> AccessFailedAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await base.AccessFailedAsync(user);
        var actor = trail.CurrentActor() with { Id = null, Name = user.DisplayName, Roles = "" };
        await trail.RecordAsync(actor, Audit.AuditAction.SignInFailed, "account:" + user.Id);
        if (result.Succeeded && await IsLockedOutAsync(user))
        {
            await trail.RecordAsync(actor, Audit.AuditAction.LockedOut, "account:" + user.Id,
                user.LockoutEnd?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "");
            await using var scope = scopes.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictTokenManager>();
            var authorizations = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictAuthorizationManager>();
            await tokens.RevokeBySubjectAsync(user.Id, CancellationToken);
            await authorizations.RevokeBySubjectAsync(user.Id, CancellationToken);
        }

        return result;
    }
}
