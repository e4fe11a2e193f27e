using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.Admin;

/// <summary>
/// The Latin keys (a course's address, a lecturer's key) an administrator may leave empty: "{prefix}-{n}", one above
/// the highest such key, so nobody has to invent a slug for a Chinese title.
/// </summary>
internal static class GeneratedKeys
{
    public static async Task<string> NextAsync(IQueryable<string> keys, string prefix, CancellationToken cancellationToken)
    {
        var start = prefix + "-";
        var taken = await keys.Where(k => k.StartsWith(start)).ToListAsync(cancellationToken);
        var highest = taken.Select(k => int.TryParse(k.AsSpan(start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty().Max();
        return string.Create(CultureInfo.InvariantCulture, $"{start}{highest + 1}");
    }
}
