using System.Data.Common;
using System.Runtime.CompilerServices;
using LearnHub.Web.Identity.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LearnHub.Web.Audit;

/// <summary>
/// Copies every account audit line (<see cref="AccountAudit"/>: created, activated, codes, passwords, roles, locks,
/// contact persons — written by whichever account service acted) into the audit log once it is committed. One
/// place sees them all, so no account service can forget the audit log, and a rolled-back change leaves no line.
/// </summary>
internal sealed class AccountAuditMirror(AuditTrail trail) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<AccountAudit>> _pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            await FlushAsync(context, cancellationToken);
        }

        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            FlushAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await FlushAsync(context, cancellationToken);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            FlushAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Discard(eventData.Context);

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<AccountAudit>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count > 0)
        {
            _pending.GetOrCreateValue(context).AddRange(added);
        }
    }

    private void Discard(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }

    private async Task FlushAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(context, out var lines) || lines.Count == 0)
        {
            return;
        }

        _pending.Remove(context);
        var current = trail.CurrentActor();
        await trail.RecordManyAsync([.. lines.Select(a => new AuditLine(
            ActorOf(a, current),
            ActionOf(a.Action), "account:" + a.TargetId, string.IsNullOrEmpty(a.Detail) ? a.TargetName : a.TargetName + " · " + a.Detail))], cancellationToken);
    }

    /// <summary>
    /// An account line without an actor is the holder's own act without signing in (activating, resetting by SMS), or
    /// one made on someone's behalf: by whoever is signed in (an import), else by LearnHub itself (the roster sync at start).
    /// </summary>
    private static AuditActor ActorOf(AccountAudit line, AuditActor current) =>
        line.ActorId is { } id ? (current.Id == id ? current : new AuditActor(id, line.ActorName, "", current.Client))
        : line.Action is AccountAction.Activated or AccountAction.PasswordReset ? current with { Id = null, Name = line.TargetName, Roles = "" }
        : current.Id is not null ? current
        : AuditActor.System with { Client = current.Client };

    private static AuditAction ActionOf(AccountAction action) => action switch
    {
        AccountAction.Created => AuditAction.AccountCreated,
        AccountAction.CodeIssued => AuditAction.CodeIssued,
        AccountAction.Activated => AuditAction.AccountActivated,
        AccountAction.PasswordChanged => AuditAction.PasswordChanged,
        AccountAction.PasswordReset => AuditAction.PasswordReset,
        AccountAction.Unlocked => AuditAction.AccountUnlocked,
        AccountAction.Disabled => AuditAction.AccountDisabled,
        AccountAction.Enabled => AuditAction.AccountEnabled,
        AccountAction.RolesChanged => AuditAction.RolesChanged,
        _ => AuditAction.ContactChanged,
    };
}
