using System.Security.Claims;
using LearnHub.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Audit;

/// <summary>
/// Appends lines to the audit log. Each line is written in its own database context and transaction, after
/// the act it records, so a failed act leaves no line and a line never rides on someone else's unsaved changes.
/// Appending is serialised: in this process by a lock, across nodes by the unique sequence — a writer that
/// loses the race reads the new last line and tries again.
/// </summary>
public sealed class AuditTrail(IServiceScopeFactory scopes, IHttpContextAccessor http, TimeProvider clock, ILogger<AuditTrail> log)
{
    private static readonly SemaphoreSlim Append = new(1, 1);

    /// <summary>Records an act of the signed-in user (or of nobody signed in) on <paramref name="target"/>.</summary>
    public Task RecordAsync(AuditAction action, string target, string detail = "", CancellationToken cancellationToken = default) =>
        RecordAsync(CurrentActor(), action, target, detail, cancellationToken);

    /// <summary>Records an act by a named actor: sign-in, where the principal is not yet on the request.</summary>
    public Task RecordAsync(AuditActor actor, AuditAction action, string target, string detail = "", CancellationToken cancellationToken = default) =>
        RecordManyAsync([new AuditLine(actor, action, target, detail)], cancellationToken);

    /// <summary>The actor of the current request: the signed-in user, or nobody with the client's address.</summary>
    public AuditActor CurrentActor()
    {
        var context = http.HttpContext;
        var user = context?.User;
        var client = context?.Connection.RemoteIpAddress?.ToString() ?? "";
        return user?.Identity?.IsAuthenticated == true
            ? new AuditActor(user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue("name") ?? user.Identity.Name ?? "",
                string.Join(",", Roles.All.Where(user.IsInRole)), client)
            : new AuditActor(null, "", "", client);
    }

    /// <summary>Appends several lines in one transaction, chained in the order given (an import's hundreds of new accounts).</summary>
    public async Task RecordManyAsync(IReadOnlyList<AuditLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return;
        }

        await Append.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppIdentityDbContext>();
                var last = await db.AuditLog.OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
                var sequence = last?.Sequence ?? 0;
                var previous = last?.Hash ?? AuditChain.Genesis;
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var line in lines)
                {
                    var entry = new AuditEntry
                    {
                        Sequence = ++sequence,
                        AtUtc = now,
                        ActorId = line.Actor.Id,
                        ActorName = Clip(line.Actor.Name, 200),
                        ActorRoles = Clip(line.Actor.Roles, 200),
                        Client = Clip(line.Actor.Client, 64),
                        Action = line.Action,
                        Target = Clip(line.Target, 400),
                        Detail = Clip(line.Detail, 2000),
                        PreviousHash = previous,
                    };
                    entry.Hash = previous = AuditChain.HashOf(entry, entry.PreviousHash);
                    db.AuditLog.Add(entry);
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return;
                }
                catch (DbUpdateException) when (attempt < 10)
                {
                    // Another node appended the same sequence first: read its line and follow it.
                    log.LogDebug("Audit sequence {Sequence} was taken by another writer; retrying", last?.Sequence + 1);
                }
            }
        }
        finally
        {
            Append.Release();
        }
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>One line to append.</summary>
public sealed record AuditLine(AuditActor Actor, AuditAction Action, string Target, string Detail);

/// <summary>Who acted, as the audit line names them.</summary>
public sealed record AuditActor(string? Id, string Name, string Roles, string Client)
{
    public static readonly AuditActor System = new(null, "LearnHub", "", "");
}
