using LearnHub.Courses.Calendar;
using LearnHub.Web.Features.Admin;
using LearnHub.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Audit;

/// <summary>What the audit page filters by; dates are the programme's calendar days.</summary>
public sealed record AuditFilter(DateOnly? From, DateOnly? To, string? Actor, AuditAction? Action, string? Target);

/// <summary>
/// Reading, checking and pruning the audit log. Who reads what keeps the administrators apart (三员分立): the audit
/// administrator reads every line but those of audit administrators, the security administrator reads those, and
/// nobody reads their own lines — so no one is alone with the record of what they did.
/// </summary>
public sealed class AuditLogQueries(AppIdentityDbContext db, ProgrammeClock clock)
{
    private const int VerifyPage = 5000;

    public IQueryable<AuditEntry> Readable(string readerId, bool auditor, bool security)
    {
        var lines = db.AuditLog.AsNoTracking().Where(e => e.ActorId == null || e.ActorId != readerId);
        return (auditor, security) switch
        {
            (true, true) => lines,
            (true, false) => lines.Where(e => !("," + e.ActorRoles + ",").Contains("," + Roles.Auditor + ",")),
            (false, true) => lines.Where(e => ("," + e.ActorRoles + ",").Contains("," + Roles.Auditor + ",")),
            _ => lines.Where(_ => false),
        };
    }

    public IQueryable<AuditEntry> Filtered(IQueryable<AuditEntry> lines, AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.From is { } from)
        {
            var start = clock.StartOfDay(from).UtcDateTime;
            lines = lines.Where(e => e.AtUtc >= start);
        }

        if (filter.To is { } to)
        {
            var end = clock.StartOfDay(to.AddDays(1)).UtcDateTime;
            lines = lines.Where(e => e.AtUtc < end);
        }

        if (filter.Actor is { } actor)
        {
            lines = lines.Where(e => e.ActorName.Contains(actor) || e.Client == actor);
        }

        if (filter.Action is { } action)
        {
            lines = lines.Where(e => e.Action == action);
        }

        if (filter.Target is { } target)
        {
            lines = lines.Where(e => e.Target.Contains(target) || e.Detail.Contains(target));
        }

        return lines;
    }

    public async Task<Paged<AuditEntry>> PageAsync(IQueryable<AuditEntry> lines, int page, CancellationToken cancellationToken)
    {
        var total = await lines.CountAsync(cancellationToken);
        var items = await lines.OrderByDescending(e => e.Sequence).Skip((page - 1) * Paging.Size).Take(Paging.Size).ToListAsync(cancellationToken);
        return new Paged<AuditEntry>(items, page, total);
    }

    /// <summary>Walks the whole chain, page by page, from the first line kept (or the genesis).</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var first = await db.AuditLog.OrderBy(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(cancellationToken);
        (long, string)? anchor = null;
        if (first is > 1)
        {
            // Old lines were pruned: a pruning line names the last removed line, which the first kept line must follow.
            var details = await db.AuditLog.Where(e => e.Action == AuditAction.AuditPruned).Select(e => e.Detail).ToListAsync(cancellationToken);
            anchor = details.Select(AuditChain.ParsePruned).FirstOrDefault(a => a?.Sequence == first - 1);
            if (anchor is null)
            {
                return new AuditVerification(false, 0, first - 1, AuditBreak.Missing);
            }
        }

        var check = new AuditChainCheck(anchor);
        var after = first.GetValueOrDefault() - 1;
        while (true)
        {
            var page = await db.AuditLog.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(VerifyPage).ToListAsync(cancellationToken);
            foreach (var line in page)
            {
                if (!check.Add(line))
                {
                    return check.Result;
                }
            }

            if (page.Count < VerifyPage)
            {
                return check.Result;
            }

            after = page[^1].Sequence;
        }
    }

    /// <summary>
    /// Removes the lines older than the retention period. The pruning line is appended first, naming the last line
    /// removed and its hash, so the chain stays checkable from the first line kept.
    /// </summary>
    public async Task<int> PruneAsync(AuditTrail trail, int retentionDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trail);
        var cutoff = clock.UtcNow.AddDays(-retentionDays).UtcDateTime;
        var last = await db.AuditLog.Where(e => e.AtUtc < cutoff).OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return 0;
        }

        await trail.RecordAsync(AuditActor.System, AuditAction.AuditPruned, "audit", AuditChain.PrunedDetail(last.Sequence, last.Hash), cancellationToken);
        return await db.AuditLog.Where(e => e.Sequence <= last.Sequence).ExecuteDeleteAsync(cancellationToken);
    }
}
