using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Identity.Accounts;

/// <summary>
/// How often a code may be sent by SMS: one a minute and five an hour, for each number and for each client
/// address, counted in the database so every node sees the same counts. The number typed is counted whether
/// or not it belongs to an account, so the limits say nothing about which numbers exist.
/// </summary>
public sealed class CodeRequestLimits(AppIdentityDbContext db, AccountCodeKey key, TimeProvider clock)
{
    public const int PerHour = 5;

    public static readonly TimeSpan Spacing = TimeSpan.FromMinutes(1);

    /// <summary>Counts a request; false (and nothing counted) when the number or the address is over a limit.</summary>
    public async Task<bool> TryCountAsync(string mobile, string? clientAddress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var keys = new List<string> { key.Digest("mobile:" + mobile) };
        if (!string.IsNullOrEmpty(clientAddress))
        {
            keys.Add(key.Digest("client:" + clientAddress));
        }

        var hourAgo = now.AddHours(-1);
        var recent = await db.CodeRequests.AsNoTracking().Where(r => keys.Contains(r.Key) && r.AtUtc > hourAgo)
            .Select(r => new { r.Key, r.AtUtc }).ToListAsync(cancellationToken);
        foreach (var group in recent.GroupBy(r => r.Key))
        {
            if (group.Count() >= PerHour || group.Max(r => r.AtUtc) > now - Spacing)
            {
                return false;
            }
        }

        foreach (var k in keys)
        {
            db.CodeRequests.Add(new CodeRequest { Key = k, AtUtc = now });
        }

        // Older rows count for nothing; they go as new ones come.
        await db.CodeRequests.Where(r => r.AtUtc < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
