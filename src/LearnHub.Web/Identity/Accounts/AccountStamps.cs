using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// The current security stamp of each signed-in account, so a password reset, a disabled account or an ended
/// session stops its cookies on the next request rather than at Identity's next periodic check (30 minutes).
/// A stamp is forgotten at once when this node changes it (<see cref="AppUserManager"/>); another node's change is
/// seen within <see cref="Freshness"/>.
/// <para>
/// The player's reports, thousands a second, must not read the database on their path: a province of 60,000
/// trainees reporting every 12–20 s would otherwise read a stamp on every second or third report, one scope and
/// one query each. So a stamp in use is refreshed ahead, off the request path: a request that finds its entry
/// older than <see cref="RefreshAfter"/> is answered from memory and asks for a re-read, and one reader fetches
/// every account asked for since its last query in a single query (up to <see cref="BatchSize"/> ids). A request
/// waits only for an account it has not seen within <see cref="Freshness"/>, and then joins the same batch.
/// </para>
/// </summary>
public sealed class AccountStamps : IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    /// <summary>Half the window: an account reporting every 12–20 s is re-read before its entry goes stale.</summary>
    public static readonly TimeSpan RefreshAfter = Freshness / 2;

    internal const int BatchSize = 500;

    /// <summary>Entries kept before expired ones are swept; a sweep runs at most once per <see cref="Freshness"/>.</summary>
    internal const int SweepAbove = 100_000;

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<AccountStamps> _log;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string?>> _waiting = new(StringComparer.Ordinal);
    private readonly Channel<string> _asked = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _reader;

    // Bumped by every Forget: a batch read before a change on this node must not put the old stamp back.
    private long _forgets;
    private DateTimeOffset _sweptAt = DateTimeOffset.MinValue;

    public AccountStamps(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AccountStamps> log)
    {
        _scopes = scopes;
        _clock = clock;
        _log = log;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The account's stamp, or null when the account is gone or disabled.</summary>
    public async ValueTask<string?> CurrentAsync(string userId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        if (_entries.TryGetValue(userId, out var entry) && now - entry.ReadAt < Freshness)
        {
            if (now - entry.ReadAt >= RefreshAfter && entry.ClaimRefresh())
            {
                _asked.Writer.TryWrite(userId);
            }

            return entry.Stamp;
        }

        var waiting = _waiting.GetOrAdd(userId, static _ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously));
        _asked.Writer.TryWrite(userId);
        return await waiting.Task.WaitAsync(cancellationToken);
    }

    public void Forget(string userId)
    {
        Interlocked.Increment(ref _forgets);
        _entries.TryRemove(userId, out _);
    }

    public void Dispose() => _asked.Writer.TryComplete();

    public async ValueTask DisposeAsync()
    {
        _asked.Writer.TryComplete();
        await _reader;
    }

    private async Task ReadAsync()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (await _asked.Reader.WaitToReadAsync())
        {
            while (ids.Count < BatchSize && _asked.Reader.TryRead(out var id))
            {
                ids.Add(id);
            }

            var readAt = _clock.GetUtcNow();
            var forgets = Interlocked.Read(ref _forgets);
            try
            {
                var stamps = await ReadStampsAsync(ids);
                var keep = Interlocked.Read(ref _forgets) == forgets;
                foreach (var id in ids)
                {
                    var stamp = stamps.GetValueOrDefault(id);
                    if (keep)
                    {
                        _entries[id] = new Entry(stamp, readAt);
                    }

                    if (_waiting.TryRemove(id, out var waiting))
                    {
                        waiting.TrySetResult(stamp);
                    }
                }
            }
            catch (Exception ex)
            {
                // The waiting requests fail as a database error would have failed them; entries kept are asked again by their next request.
                _log.LogError(ex, "Reading {Count} accounts' security stamps failed.", ids.Count);
                foreach (var id in ids)
                {
                    if (_entries.TryGetValue(id, out var entry))
                    {
                        entry.ReleaseRefresh();
                    }

                    if (_waiting.TryRemove(id, out var waiting))
                    {
                        waiting.TrySetException(ex);
                    }
                }
            }

            ids.Clear();
            Sweep(readAt);
        }
    }

    private async Task<Dictionary<string, string?>> ReadStampsAsync(IReadOnlyCollection<string> ids)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
        var rows = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.SecurityStamp, u.DisabledAt })
            .ToListAsync();
        return rows.ToDictionary(r => r.Id, r => r.DisabledAt is null ? r.SecurityStamp : null, StringComparer.Ordinal);
    }

    /// <summary>A bound on memory: entries no request has kept fresh go; they are read again when next needed.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (_entries.Count <= SweepAbove || now - _sweptAt < Freshness)
        {
            return;
        }

        _sweptAt = now;
        foreach (var (key, value) in _entries)
        {
            if (now - value.ReadAt >= Freshness)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry(string? stamp, DateTimeOffset readAt)
    {
        private int _refreshing;

        public string? Stamp { get; } = stamp;

        public DateTimeOffset ReadAt { get; } = readAt;

        /// <summary>True for the one request that asks for this entry's re-read.</summary>
        public bool ClaimRefresh() => Interlocked.Exchange(ref _refreshing, 1) == 0;

        public void ReleaseRefresh() => Volatile.Write(ref _refreshing, 0);
    }
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
